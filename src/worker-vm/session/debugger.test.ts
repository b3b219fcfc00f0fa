import { beforeAll, describe, expect, it } from 'vitest';
import { PlaygroundSession } from './session';
import { compileForSession } from './testing/sessionFixture.node.js';

/** Contracts that create, call, delegate to and fail inside each other, and storage of every shape. */
const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Child {
    uint256 public v;
    constructor(uint256 x) { v = x; }
    function get() external view returns (uint256) { return v; }
}

contract Logic {
    uint256 public v;
    function setV(uint256 x) external { v = x; }
}

contract Parent {
    uint256 public v;
    Child public child;
    Logic public logic;

    constructor() { logic = new Logic(); }

    function make(uint256 x) external returns (uint256 got) {
        child = new Child(x);
        got = child.get();
        (bool ok, ) = address(logic).delegatecall(abi.encodeWithSignature("setV(uint256)", x + 1));
        require(ok, "delegate failed");
        try this.boom() {} catch {}
    }

    function boom() external pure { revert("inner"); }
    function outer() external view returns (uint256) { return this.deep(); }
    function deep() external pure returns (uint256) { revert("deep"); }
}

contract Layouts {
    struct Item { address owner; uint128 amount; bool open; }
    uint16[5] public smalls;
    Item[] public items;
    string public longText;
    bytes public blob;
    mapping(uint256 => mapping(address => Item)) public nested;
    mapping(string => uint256) public byName;

    function fill() external {
        smalls[3] = 7;
        items.push(Item(msg.sender, 5, true));
        items.push(Item(address(this), 9, false));
        longText = "a string that is longer than thirty-one bytes, for sure";
        blob = hex"0102";
        nested[42][msg.sender] = Item(msg.sender, 1, true);
        byName["alice"] = 3;
    }

    /// A slot no variable of the layout holds.
    function raw() external { assembly { sstore(0x1234, 7) } }
}
`;

let session: PlaygroundSession;
let from: string;
let make: number;
let fill: number;

beforeAll(async () => {
  const { input } = await compileForSession({ 'Nest.sol': SOURCE });
  session = new PlaygroundSession();
  const { artifacts } = session.registerCompilation(input);
  const key = (name: string) => artifacts.find((a) => a.name === name)!.key;
  from = session.state().accounts.find((a) => a.kind === 'eth')!.robust!;
  expect(session.submit({ kind: 'deploy', from, artifactKey: key('Parent'), args: [] }).exitName).toBe('OK');
  const parent = session.state().contracts.find((c) => c.name === 'Parent')!.index;
  const made = session.submit({
    kind: 'invoke',
    from,
    contract: parent,
    function: 'make(uint256)',
    args: ['5'],
  });
  expect(made.exitName).toBe('OK');
  make = made.index;
  expect(session.submit({ kind: 'deploy', from, artifactKey: key('Layouts'), args: [] }).exitName).toBe('OK');
  const layouts = session.state().contracts.find((c) => c.name === 'Layouts')!.index;
  const filled = session.submit({ kind: 'invoke', from, contract: layouts, function: 'fill()', args: [] });
  expect(filled.exitName).toBe('OK');
  fill = filled.index;
}, 120_000);

describe('the debugger timeline across contracts', () => {
  it('orders the frames of CREATE, STATICCALL, DELEGATECALL and a caught revert as they ran', () => {
    const info = session.debugInfo(make);
    expect(info.frames.map((f) => [f.label, f.depth, f.codeKind, f.status])).toEqual([
      ['Parent.make(uint256)', 0, 'runtime', 'return'],
      ['Child.Constructor', 1, 'creation', 'return'],
      ['Child.get()', 1, 'runtime', 'return'],
      ['Parent.delegatecall → Logic.setV(uint256)', 1, 'runtime', 'stop'],
      ['Parent.boom()', 1, 'runtime', 'revert'],
    ]);
    // Each callee starts right after the caller step that made the call.
    const ops = info.frames.slice(1).map((f) => session.debugRows(make, f.firstStep - 1, 1)[0]!.op);
    // (boom is pure, so `this.boom()` is a STATICCALL.)
    expect(ops).toEqual(['CREATE', 'STATICCALL', 'DELEGATECALL', 'STATICCALL']);
    // The delegated frame runs Logic's code: its lines are Logic's.
    const delegated = info.frames[3]!;
    expect(delegated.artifactKey).toMatch(/:Nest\.sol:Logic$/);
    const write = session.debugNavigate(make, delegated.firstStep, {
      kind: 'toLine',
      path: 'Nest.sol',
      line: 12,
    });
    expect(session.debugRows(make, write, 1)[0]!.frame).toBe(delegated.index);
    // A revert that was caught is not where the message failed: it did not fail.
    expect(info.revertStep).toBeNull();
  });

  it('jumps to where a bubbled-up revert started', () => {
    const parent = session.state().contracts.find((c) => c.name === 'Parent')!.index;
    const failed = session.submit({ kind: 'invoke', from, contract: parent, function: 'outer()', args: [] });
    expect(failed.revert?.summary).toBe('Error: deep');
    expect(failed.revertLocation).toEqual({ path: 'Nest.sol', line: 32 });
    const info = session.debugInfo(failed.index);
    const deep = info.frames.find((f) => f.label === 'Parent.deep()')!;
    expect(info.revertStep).toBe(deep.lastStep);
    expect(session.debugRows(failed.index, info.revertStep!, 1)[0]!.op).toBe('REVERT');
    // The navigation buttons: Revert lands there; Start and End are the ends; Back steps one; Previous
    // line lands on the first step of an earlier line.
    const go = (at: number, kind: 'revert' | 'start' | 'end' | 'back' | 'prevLine' | 'nextLine') =>
      session.debugNavigate(failed.index, at, { kind });
    expect(go(0, 'revert')).toBe(info.revertStep);
    expect(go(info.revertStep!, 'start')).toBe(0);
    expect(go(0, 'end')).toBe(info.totalSteps - 1);
    expect(go(info.revertStep!, 'back')).toBe(info.revertStep! - 1);
    const next = go(0, 'nextLine');
    expect(next).toBeGreaterThan(0);
    const back = go(next, 'prevLine');
    expect(back).toBeLessThan(next);
    const line = (step: number) => {
      const at = session.debugStep(failed.index, step, 0).location;
      return at && `${at.path}:${at.startLine}`;
    };
    expect(line(back)).not.toEqual(line(next));
    // The first step of its line: the step before it is on another line (or there is none).
    if (back > 0) expect(line(back - 1)).not.toEqual(line(back));
  });

  it('names the storage a delegate call wrote with the layout of the contract that owns it', () => {
    const diff = session.stateDiff(make);
    const parent = diff.actors.find((a) => a.label === 'Parent')!;
    const names = parent.storage.flatMap((s) => s.variables.map((v) => [v.name, v.after]));
    expect(names).toContainEqual(['v', '6']);
    expect(names.find(([name]) => name === 'child')).toBeDefined();
    const child = diff.actors.find((a) => a.label === 'Child')!;
    expect(child.kind).toBe('added');
    expect(child.storage.flatMap((s) => s.variables.map((v) => [v.name, v.after]))).toEqual([['v', '5']]);
  });
});

describe('storage layouts decoded into variable names', () => {
  it('packed static arrays, arrays of structs, long strings, bytes, nested and string-keyed mappings', () => {
    const layouts = session.stateDiff(fill).actors.find((a) => a.label === 'Layouts')!;
    const sender = session.state().accounts.find((a) => a.robust === from)!.eth!;
    const self = session.state().contracts.find((c) => c.name === 'Layouts')!.eth!;
    const variables = new Map(
      layouts.storage.flatMap((s) =>
        s.variables.map((v) => [v.name.toLowerCase(), v.after.toLowerCase()] as const),
      ),
    );
    expect(variables.get('smalls[3]')).toBe('7');
    expect(variables.has('smalls[2]')).toBe(false); // same slot, unchanged: not listed
    expect(variables.get('items.length')).toBe('2');
    expect(variables.get('items[0].owner')).toBe(sender);
    expect(variables.get('items[0].amount')).toBe('5');
    expect(variables.get('items[0].open')).toBe('true');
    expect(variables.get('items[1].owner')).toBe(self);
    expect(variables.get('items[1].amount')).toBe('9');
    expect(variables.get('longtext')).toBe('(55 bytes, stored in data slots)');
    expect(variables.get('longtext (data, word 0)')).toMatch(/^0x6120737472696e67/);
    expect(variables.get('blob')).toBe('0x0102');
    expect(variables.get(`nested[42][${sender}].amount`)).toBe('1');
    expect(variables.get(`nested[42][${sender}].open`)).toBe('true');
    expect(variables.get('byname["alice"]')).toBe('3');
    // Nothing was left unnamed.
    expect(layouts.storage.filter((s) => s.variables.length === 0)).toEqual([]);
  });

  it('a slot the layout cannot name is listed raw: its number, before and after', () => {
    const contract = session.state().contracts.find((c) => c.name === 'Layouts')!.index;
    const sent = session.submit({ kind: 'invoke', from, contract, function: 'raw()', args: [] });
    expect(sent.exitCode).toBe(0);
    const layouts = session.stateDiff(sent.index).actors.find((a) => a.label === 'Layouts')!;
    expect(layouts.storage).toHaveLength(1);
    const [slot] = layouts.storage;
    expect(slot!.variables).toEqual([]);
    expect(BigInt(slot!.slot)).toBe(0x1234n);
    expect(BigInt(slot!.before)).toBe(0n);
    expect(BigInt(slot!.after)).toBe(7n);
  });
});
