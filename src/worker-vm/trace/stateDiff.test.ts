import { describe, expect, it } from 'vitest';
import { cidForBlock, encodeDagCbor } from '../ipld/cid';
import { DAG_CBOR } from '../ipld/codecs';
import { invokeActor, testActorWat, wasmActor } from '../wasm/testing/actors.node';
import { diffStates } from './stateDiff';

// Method 2 stores `[n]` for n = the first params byte; method 3 stores a 70,005-byte DAG-CBOR byte string.
const STATE_ACTOR = testActorWat(
  `(if (i64.eq (call $method) (i64.const 2))
     (then
       (drop (call $ipld.block_read (i32.const 0x180) (local.get $params) (i32.const 0) (i32.const 0x1001) (i32.const 1)))
       (i32.store8 (i32.const 0x1000) (i32.const 0x81))
       (call $save (i32.const 2)))
     (else
       (i32.store8 (i32.const 0x1000) (i32.const 0x5a))
       (i32.store (i32.const 0x1001) (i32.const 0x70110100))
       (call $save (i32.const 70005))))
   (i32.const 0)`,
  {
    memory: '(memory (export "memory") 2)',
    funcs: `(func $save (param $length i32)
      (drop (call $ipld.block_create (i32.const 0x180) (i64.const 0x71) (i32.const 0x1000) (local.get $length)))
      (drop (call $ipld.block_link (i32.const 0x184) (i32.load (i32.const 0x180)) (i64.const 0xb220) (i32.const 32)
        (i32.const 0x300) (i32.const 100)))
      (drop (call $self.set_root (i32.const 0x300))))`,
  },
);

describe('state diffs of user actors', () => {
  it('decode the state before and after, and summarise states too large to read', async () => {
    const { machine, address } = await wasmActor(STATE_ACTOR);
    const id = machine.resolve(address)!;
    const small = invokeActor(machine, address, 2, new Uint8Array([7]));
    expect(small.result.receipt.exitCode).toBe(0);
    const first = diffStates(machine.store, machine.manifest, small.stateRootBefore, small.stateRootAfter);
    expect(first.userStates).toEqual([{ id, before: [], after: [7] }]);

    const large = invokeActor(machine, address, 3);
    expect(large.result.receipt.exitCode).toBe(0);
    const second = diffStates(machine.store, machine.manifest, large.stateRootBefore, large.stateRootAfter);
    const head = machine.actor(id)!.head;
    expect(second.userStates).toEqual([
      { id, before: [7], after: { $omitted: '70005 bytes', cid: head.toString() } },
    ]);
    expect(head.equals(cidForBlock(DAG_CBOR, machine.store.get(head)!))).toBe(true);

    // Built-in actors (the sender's account) and unchanged heads are left out.
    const again = invokeActor(machine, address, 2, new Uint8Array([7]));
    const third = diffStates(machine.store, machine.manifest, again.stateRootBefore, again.stateRootAfter);
    expect(third.userStates).toEqual([
      { id, before: { $omitted: '70005 bytes', cid: head.toString() }, after: [7] },
    ]);
    const same = invokeActor(machine, address, 2, new Uint8Array([7]));
    const fourth = diffStates(machine.store, machine.manifest, same.stateRootBefore, same.stateRootAfter);
    expect(fourth.actors.length).toBeGreaterThan(0);
    expect(fourth.userStates).toEqual([]);
    expect(machine.store.get(machine.actor(id)!.head)).toEqual(encodeDagCbor([7]));
  });
});

describe('diffStates over the actors', () => {
  it('lists a removed actor and the burnt funds it paid, and reads only what changed in a large state', async () => {
    // Many accounts make the actors HAMT deep; the diff must not walk the parts that did not change.
    const { machine, address } = await wasmActor(
      testActorWat('(drop (call $self.self_destruct (i32.const 1))) (i32.const 0)'),
      { secpAccounts: 100, ethAccounts: 100 },
    );
    const id = machine.resolve(address)!;
    const applied = invokeActor(machine, address, 2, undefined, { value: 5n });
    expect(applied.result.receipt.exitCode).toBe(0);

    let reads = 0;
    const counting = {
      ...machine.store,
      get: (cid: Parameters<typeof machine.store.get>[0]) => {
        reads++;
        return machine.store.get(cid);
      },
    } as typeof machine.store;
    const diff = diffStates(counting, machine.manifest, applied.stateRootBefore, applied.stateRootAfter);
    const byId = new Map(diff.actors.map((change) => [change.id, change]));
    expect(byId.get(id)).toMatchObject({ kind: 'removed', after: undefined });
    // f099 got the destroyed actor's balance, the sender paid value and fees, the reward actor the tip.
    expect(byId.get(99)?.fields).toContain('balance');
    expect(diff.actors.filter((change) => change.kind === 'added')).toEqual([]);
    expect(diff.addresses).toEqual([]);
    // A walk would read every node of both ~215-entry actors HAMTs; the diff reads the changed paths.
    expect(reads).toBeLessThan(20);
  });
});
