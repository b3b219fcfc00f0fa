import { create } from 'zustand';
import { checkGasLimit, checkValue, type FieldMessages, type FilUnit } from './validate';

/** The settings every message form shares (as in Remix): value to send and gas limit. */
interface TxSettingsStore {
  value: string;
  unit: FilUnit;
  /** Empty: estimate by a dry run (+25%). */
  gasLimit: string;
  errors: FieldMessages;
  set(patch: Partial<Pick<TxSettingsStore, 'value' | 'unit' | 'gasLimit'>>): void;
  setErrors(errors: FieldMessages): void;
  /** The value and gas limit for a message, or null with the errors shown at their fields. */
  resolve(): { value: string; gasLimit: number | null } | null;
}

export const useTxSettings = create<TxSettingsStore>((set, get) => ({
  value: '0',
  unit: 'FIL',
  gasLimit: '',
  errors: {},
  set(patch) {
    const errors = { ...get().errors };
    if ('value' in patch || 'unit' in patch) delete errors.value;
    if ('gasLimit' in patch) delete errors.gasLimit;
    set({ ...patch, errors });
  },
  setErrors(errors) {
    set({ errors: { ...get().errors, ...errors } });
  },
  resolve() {
    const { value, unit, gasLimit } = get();
    const checkedValue = checkValue(value, unit);
    const checkedGas = checkGasLimit(gasLimit);
    const errors: FieldMessages = {};
    if ('error' in checkedValue) errors.value = checkedValue.error;
    if ('error' in checkedGas) errors.gasLimit = checkedGas.error;
    set({ errors });
    if ('error' in checkedValue || 'error' in checkedGas) return null;
    return { value: checkedValue.value, gasLimit: checkedGas.gasLimit };
  },
}));
