import { createNodeCompiler } from '../../../compiler/compiler.node.js';
import type { CompileResult } from '../../../compiler/types';
import type { CompilationInput } from '../artifacts/artifactRegistry';

/**
 * A contract that exercises what the IDE shows: packed and plain variables, nested mappings, a dynamic
 * array, a string, a struct in a mapping, a contract it creates and calls, console.log, events, custom
 * errors, require, a checked overflow and a long loop. Line numbers are referred to by the tests.
 */
export const STORE_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import "hardhat/console.sol";

contract Callee {
    uint256 public value;

    function set(uint256 v) external returns (uint256) {
        value = v;
        return v * 2;
    }
}

contract Store {
    struct Info {
        address owner;
        uint64 count;
        bool active;
    }

    uint256 public total;
    uint128 public small;
    uint128 public other;
    mapping(address => uint256) public balances;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256[] public list;
    string public name;
    mapping(uint256 => Info) public infos;
    Callee public callee;

    event Deposited(address indexed who, uint256 amount);
    error TooBig(uint256 amount, uint256 max);

    constructor(string memory name_) {
        callee = new Callee();
        name = name_;
    }

    function deposit(uint256 amount) external {
        total += amount;
        balances[msg.sender] += amount;
        allowance[msg.sender][address(callee)] = amount;
        list.push(amount);
        infos[7] = Info(msg.sender, 3, true);
        small = 5;
        console.log("deposit %s by", amount, msg.sender);
        emit Deposited(msg.sender, amount);
        callee.set(amount);
    }

    function check(uint256 amount) external pure returns (uint256) {
        if (amount > 10) revert TooBig(amount, 10);
        require(amount > 0, "zero");
        return amount;
    }

    function overflow() external pure returns (uint8) {
        uint8 x = 255;
        x += 1;
        return x;
    }

    function spin(uint256 n) external pure returns (uint256 acc) {
        for (uint256 i = 0; i < n; i++) acc += i;
    }
}
`;

/** 1-based lines of STORE_SOURCE the tests point at. */
export const STORE_LINES = {
  calleeValueWrite: 10,
  total: 41,
  balances: 42,
  callCallee: 49,
  revertTooBig: 53,
  requireZero: 54,
  overflow: 60,
  spinLoop: 65,
} as const;

export const STORE_PATH = 'contracts/Store.sol';

export async function compileForSession(
  files: Record<string, string>,
): Promise<{ result: CompileResult; input: CompilationInput }> {
  const result = await createNodeCompiler().compile({
    files,
    settings: { optimizer: { enabled: false, runs: 200 }, viaIR: false, remappings: [] },
  });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return {
    result,
    input: {
      contracts: result.contracts,
      sources: result.sources.map(({ id, path, content }) => ({ id, path, content })),
    },
  };
}
