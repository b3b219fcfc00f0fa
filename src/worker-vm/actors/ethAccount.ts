import { f410Subaddress } from '../address/ethereum';
import { SYSTEM_ACTOR_ID } from '../state/singletons';
import { acceptExportedMethods } from './account';
import type { MethodHandler, NativeActorDefinition } from './native';
import { expectNoParams, fail } from './runtime';

/** The EthAccount actor (spec 9.6): an Ethereum-style account with an f410 address and no state. */
export const ethAccountActor: NativeActorDefinition = {
  restricted: true,
  methods: new Map<number, MethodHandler>([
    [
      1,
      (rt, params) => {
        expectNoParams(params);
        rt.validateCallerIs(SYSTEM_ACTOR_ID);
        const delegated = rt.lookupDelegatedAddress(rt.receiver);
        if (!delegated || !f410Subaddress(delegated))
          throw fail.illegalArgument('receiver must have an f410 address');
        return undefined;
      },
    ],
  ]),
  fallback: acceptExportedMethods,
};
