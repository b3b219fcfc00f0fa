import { lazy, Suspense } from 'react';
import { AccountsSection } from './AccountsSection';
import { ContractsSection } from './ContractsSection';
import { DeploySection } from './DeploySection';
import { RawSection } from './RawSection';
import { TxSettingsSection } from './TxSettingsSection';

// Wasm actors (install, create, invoke, bundles): their own chunk, loaded after the message forms.
const WasmSection = lazy(() => import('../wasm/WasmSection'));

/** Everything in the run panel that sends messages (one lazy chunk). */
export default function RunSections() {
  return (
    <>
      <TxSettingsSection />
      <DeploySection />
      <ContractsSection />
      <AccountsSection />
      <RawSection />
      <Suspense fallback={<p className="dim">Loading the Wasm actor panel…</p>}>
        <WasmSection />
      </Suspense>
    </>
  );
}
