/// <reference lib="webworker" />
import { expose } from 'comlink';
import { version } from '../../package.json';
import type { VmApi } from './api';

const api: VmApi = {
  async info() {
    return {
      version,
      runtime: `Web Worker (${self.navigator.userAgent.includes('Chrome') ? 'Chromium' : 'browser'})`,
    };
  },
};

expose(api);
