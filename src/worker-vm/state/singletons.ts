import type { ActorId } from './actorState';

/** Singleton actor IDs (spec 7.9; builtin-actors `runtime/src/builtin/singletons.rs`). */
export const SYSTEM_ACTOR_ID: ActorId = 0;
export const INIT_ACTOR_ID: ActorId = 1;
export const REWARD_ACTOR_ID: ActorId = 2;
export const CRON_ACTOR_ID: ActorId = 3;
export const STORAGE_POWER_ACTOR_ID: ActorId = 4;
export const STORAGE_MARKET_ACTOR_ID: ActorId = 5;
export const VERIFIED_REGISTRY_ACTOR_ID: ActorId = 6;
export const DATACAP_TOKEN_ACTOR_ID: ActorId = 7;
export const EAM_ACTOR_ID: ActorId = 10;
export const BURNT_FUNDS_ACTOR_ID: ActorId = 99;
/** The Init actor hands out IDs from here (spec 7.7). */
export const FIRST_NON_SINGLETON_ID: ActorId = 100;
