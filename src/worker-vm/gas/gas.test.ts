import { describe, expect, it } from 'vitest';
import { totalOf } from './charge';
import {
  onActorEvent,
  onBlockCreate,
  onBlockLink,
  onBlockOpen,
  onChainMessage,
  onCreateActor,
} from './charges';
import { computeGasOutputs, overEstimation } from './outputs';
import { GasTracker, OutOfGas } from './tracker';

describe('derived charges (spec 6.4)', () => {
  it('OnBlockOpen and OnBlockCreate of 10 bytes, no links, cost 100 gas', () => {
    expect(totalOf(onBlockOpen(10, 0))).toBe(100_000);
    expect(totalOf(onBlockCreate(10, 0))).toBe(100_000);
  });
  it('OnChainMessage of 100 bytes is 690,663 gas (spec 15.1)', () => {
    const charge = onChainMessage(100);
    expect(charge.compute).toBe(38_863_000);
    expect(charge.other).toBe((475_000 + 46_800 + 130_000) * 1000);
    expect(totalOf(charge)).toBe(690_663_000);
  });
  it('implicit actor creation is 2,700,000 other gas; explicit 650,000', () => {
    expect(onCreateActor(true).other).toBe(2_700_000_000);
    expect(onCreateActor(false).other).toBe(650_000_000);
  });
  it('OnBlockLink follows 2.4N + 10N + 300 compute and 506,000 + 3,340N other', () => {
    const link = onBlockLink(100);
    expect(link.compute).toBe(240_000 + 1_000_000 + 300_000);
    expect(link.other).toBe(172_000_000 + 334_000_000 + 334_000_000);
  });
  it('OnActorEvent for one 32-byte entry with a 2-byte key', () => {
    const charge = onActorEvent(1, 2, 32);
    const size = 12 + 9 + 2 + 32;
    const memory = 2400 * size;
    expect(charge.compute).toBe(2 * memory + 2_000_000 + 1_400_000 + 500_000 + 32_000);
    expect(charge.other).toBe(10_000 * size + memory);
  });
});

describe('gas tracker (spec 4.6)', () => {
  it('saturates at the limit and throws', () => {
    const tracker = new GasTracker(1000);
    tracker.charge({ name: 'a', compute: 600, other: 0 });
    expect(() => tracker.charge({ name: 'b', compute: 500, other: 0 })).toThrow(OutOfGas);
    expect(tracker.usedMilligas).toBe(1000);
  });
  it('sub-limits take min(available, requested) and add their usage to the parent', () => {
    const tracker = new GasTracker(10_000);
    tracker.charge({ name: 'a', compute: 1000, other: 0 });
    tracker.pushLimit(50_000);
    expect(tracker.available).toBe(9000);
    tracker.pushLimit(2000);
    expect(() => tracker.charge({ name: 'b', compute: 3000, other: 0 })).toThrow(OutOfGas);
    tracker.popLimit();
    expect(tracker.usedMilligas).toBe(2000);
    tracker.popLimit();
    expect(tracker.usedMilligas).toBe(3000);
    expect(tracker.available).toBe(7000);
  });
});

describe('gas outputs (spec 5.5)', () => {
  it.each([
    [100n, 200n, 10n, 90n],
    [100n, 150n, 30n, 20n],
    [1000n, 1300n, 240n, 60n],
    [500n, 700n, 140n, 60n],
    [200n, 200n, 0n, 0n],
    [20000n, 21000n, 1000n, 0n],
    [0n, 2000n, 0n, 2000n],
    [500n, 651n, 121n, 30n],
    [500n, 5000n, 0n, 4500n],
    [7_499_000_000n, 7_500_000_000n, 1_000_000n, 0n],
    [3_750_000_000n, 7_500_000_000n, 375_000_000n, 3_375_000_000n],
    [1n, 7_500_000_000n, 0n, 7_499_999_999n],
  ])('over-estimation (%d used, %d limit) refunds %d and burns %d', (used, limit, refund, burned) => {
    expect(overEstimation(used, limit)).toEqual({ refund, burned });
  });

  it.each([
    [100n, 110n, 11n, 1n, [1000n, 0n, 0n, 110n, 100n]],
    [100n, 130n, 11n, 1n, [1000n, 60n, 0n, 130n, 240n]],
    [100n, 110n, 10n, 1n, [1000n, 0n, 0n, 0n, 100n]],
    [100n, 110n, 6n, 1n, [600n, 0n, 400n, 0n, 60n]],
  ])(
    'full outputs with base fee 10 (%d used, %d limit, cap %d, premium %d)',
    (used, limit, cap, premium, expected) => {
      const out = computeGasOutputs(used, limit, 10n, cap, premium);
      expect([out.baseFeeBurn, out.overEstimationBurn, out.minerPenalty, out.minerTip, out.refund]).toEqual(
        expected,
      );
      expect(out.baseFeeBurn + out.overEstimationBurn + out.refund + out.minerTip).toBe(cap * limit);
    },
  );
});
