import { AccountsSection } from './AccountsSection';
import { ContractsSection } from './ContractsSection';
import { DeploySection } from './DeploySection';
import { RawSection } from './RawSection';
import { TxSettingsSection } from './TxSettingsSection';

/** Everything in the run panel that sends messages (one lazy chunk). */
export default function RunSections() {
  return (
    <>
      <TxSettingsSection />
      <DeploySection />
      <ContractsSection />
      <AccountsSection />
      <RawSection />
    </>
  );
}
