// User Wasm actors: installing code, creating actors through Init, and JSON params/returns.
export { decodeExecReturn, execParams, INIT_ADDRESS, INIT_EXEC_METHOD } from './exec';
export {
  type CodeTarget,
  checkActorModule,
  type InstalledActorCode,
  installActorCode,
  wasmCodeCid,
} from './install';
export { decodeReturnValue, encodeJsonParams, ipldToJson, jsonToIpld } from './ipldJson';
