import type { NativeActorDefinition } from './native';

/**
 * The Reward actor (ID 2). In the playground it only receives miner tips, which the executor deposits
 * directly (spec 5.5); there is no block production, so its methods (AwardBlockReward, ThisEpochReward,
 * UpdateNetworkKPI) are not implemented and calls to them fail with USR_UNHANDLED_MESSAGE. Its state is the
 * empty array, not the real reward state.
 */
export const rewardActor: NativeActorDefinition = { restricted: true, methods: new Map() };
