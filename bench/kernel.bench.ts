import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createLegacyTx } from '@ethereumjs/tx';
import { Account, createAddressFromPrivateKey, hexToBytes as ethjsHex } from '@ethereumjs/util';
import { createVM, runTx } from '@ethereumjs/vm';
import type { Message } from '../src/worker-vm/executor/message';
import { Machine } from '../src/worker-vm/machine/machine';
import { type BenchRow, measureWithSetup } from './harness';

/**
 * Plain FIL transfers applied per second on our machine, against the same workload on @ethereumjs/vm.
 *
 * Matching: N value transfers round-robin between K funded accounts; every transfer is a full message
 * application (nonce, fee prepayment, value move, receipt, fee distribution) followed by computing a new
 * state root (our machine flushes the state tree after every message; ethereumjs computes its trie root
 * after every transaction). No signature checks on either side: the playground never checks signatures,
 * and ethereumjs senders are recovered once before timing so `runTx` uses its cached sender.
 */
const TRANSFERS = 400;
const ACCOUNTS = 5;

export default async function run(): Promise<BenchRow[]> {
  const ours = await measureWithSetup(oursSetup, { warmup: 1, runs: 5, ops: TRANSFERS });
  const peer = await measureWithSetup(ethjsSetup, { warmup: 1, runs: 5, ops: TRANSFERS });
  return [
    {
      name: `plain FIL transfers (${TRANSFERS}, state root after each)`,
      ours,
      peer: { ...peer, label: '@ethereumjs/vm' },
      note: 'same transfer pattern; full apply + state root per message on both sides; no signature checks',
      goal: 'speed-up >= 3x',
    },
  ];
}

function oursSetup(): () => void {
  const machine = Machine.create({ secpAccounts: ACCOUNTS, ethAccounts: 0, config: { tracing: false } });
  const accounts = machine.accounts.map((a) => a.address);
  const nonces = accounts.map(() => 0);
  const messages: Message[] = [];
  for (let i = 0; i < TRANSFERS; i++) {
    const from = i % ACCOUNTS;
    messages.push({
      version: 0,
      from: accounts[from]!,
      to: accounts[(from + 1) % ACCOUNTS]!,
      sequence: nonces[from]!++,
      value: 1n,
      gasLimit: 2_000_000,
      gasFeeCap: 300n,
      gasPremium: 100n,
      method: 0,
      params: new Uint8Array(0),
    });
  }
  return () => {
    for (const message of messages) {
      if (machine.applyMessage(message).result.receipt.exitCode !== 0) throw new Error('a transfer failed');
    }
  };
}

async function ethjsSetup(): Promise<() => Promise<void>> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
  const vm = await createVM({ common });
  const keys = Array.from({ length: ACCOUNTS }, (_, i) =>
    ethjsHex(`0x${(i + 1).toString(16).padStart(64, '0')}`),
  );
  const addresses = keys.map((key) => createAddressFromPrivateKey(key));
  for (const address of addresses) {
    await vm.stateManager.putAccount(address, new Account(0n, 10n ** 24n));
  }
  const txs: ReturnType<ReturnType<typeof createLegacyTx>['sign']>[] = [];
  const nonces = addresses.map(() => 0n);
  for (let i = 0; i < TRANSFERS; i++) {
    const from = i % ACCOUNTS;
    const tx = createLegacyTx(
      {
        nonce: nonces[from]!++,
        gasPrice: 10n ** 9n,
        gasLimit: 21_000n,
        to: addresses[(from + 1) % ACCOUNTS],
        value: 1n,
      },
      { common },
    ).sign(keys[from]!);
    tx.getSenderAddress(); // recover once, outside the timed work
    txs.push(tx);
  }
  return async () => {
    for (const tx of txs) {
      await runTx(vm, { tx, skipHardForkValidation: true, skipBlockGasLimitValidation: true });
      await vm.stateManager.getStateRoot();
    }
  };
}
