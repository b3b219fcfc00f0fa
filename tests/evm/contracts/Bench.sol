// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// evm-bench style workloads: each function runs a loop of real ERC-20 work inside one call, so the
/// measurement is interpreter time rather than per-call overhead. `start` makes each run touch new
/// accounts, so repeated runs do the same amount of work.
contract BenchToken is ERC20 {
    constructor() ERC20("Bench", "BNCH") {
        _mint(msg.sender, type(uint128).max);
    }

    function transferLoop(uint256 start, uint256 n) external {
        for (uint256 i = 0; i < n; i++) {
            transfer(address(uint160(start + i + 1)), 1);
        }
    }

    function mintLoop(uint256 start, uint256 n) external {
        for (uint256 i = 0; i < n; i++) {
            _mint(address(uint160(start + i + 1)), 1);
        }
    }

    function approveTransferFromLoop(uint256 start, uint256 n) external {
        for (uint256 i = 0; i < n; i++) {
            approve(msg.sender, 1);
            transferFrom(msg.sender, address(uint160(start + i + 1)), 1);
        }
    }
}

contract Hasher {
    function hashLoop(bytes32 seed, uint256 n) external pure returns (bytes32 h) {
        h = seed;
        for (uint256 i = 0; i < n; i++) {
            h = keccak256(abi.encodePacked(h, i));
        }
    }
}
