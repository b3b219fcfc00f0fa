import type { EvmFrame } from '../frame';
import { memoryRegion, regionBytes } from '../memory';

/** LOGn(offset, size, topic1..topicN): a state change, so forbidden in static mode. */
export function makeLog(topicCount: number): (f: EvmFrame) => void {
  return (f) => {
    if (f.message.isStatic) {
      f.fail('StaticModeViolation');
      return;
    }
    const s = f.stack;
    const top = f.sp - 1;
    f.sp -= 2 + topicCount;
    if (!memoryRegion(f, s[top]!, s[top - 1]!)) return;
    const topics: bigint[] = [];
    for (let i = 0; i < topicCount; i++) topics.push(s[top - 2 - i]!);
    f.host.log(f, topics, regionBytes(f));
    if (f.gasLeft < 0) f.fail('OutOfGas');
  };
}
