import { describe, expect, it } from 'vitest';
import { replayLoss } from './livePlan';

describe('replayLoss', () => {
  it('allows a replay when the recorded actions are the whole chain', () => {
    expect(replayLoss(0, 0)).toBeNull();
    expect(replayLoss(3, 3)).toBeNull();
  });

  it('says how many messages a replay would drop after a reload or time travel', () => {
    expect(replayLoss(1, 4)).toMatch(
      /3 messages this tab did not record.*1 recorded action and would drop them/,
    );
    expect(replayLoss(2, 3)).toMatch(
      /1 message this tab did not record.*2 recorded actions and would drop it/,
    );
  });
});
