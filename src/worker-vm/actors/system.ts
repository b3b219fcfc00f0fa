import type { CID } from '../ipld/cid';
import { SYSTEM_ACTOR_ID } from '../state/singletons';
import type { MethodHandler, NativeActorDefinition } from './native';
import { expectNoParams } from './runtime';

/** The System actor (spec 9.3): its state is `[builtin_actors manifest CID]`. */
export const systemActor = (emptyArrayCid: CID, manifestData: CID): NativeActorDefinition => ({
  restricted: true,
  methods: new Map<number, MethodHandler>([
    [
      1,
      (rt, params) => {
        expectNoParams(params);
        rt.validateCallerIs(SYSTEM_ACTOR_ID);
        rt.createState([manifestData], emptyArrayCid);
        return undefined;
      },
    ],
  ]),
});
