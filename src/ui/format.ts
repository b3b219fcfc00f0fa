import { formatFil } from '../worker-vm/encoding/bigint';

/** Whole gas from milligas, with thousands separators: `1,234,567`. */
export function gasText(milligas: number): string {
  return Math.round(milligas / 1000).toLocaleString('en-US');
}

/** Whole gas, short: `987`, `12.3k`, `4.56M`, `1.2B` (for gutters and charts). */
export function compactGas(gas: number): string {
  const abs = Math.abs(gas);
  if (abs < 1000) return `${Math.round(gas)}`;
  const [divisor, unit] = abs < 1e6 ? [1e3, 'k'] : abs < 1e9 ? [1e6, 'M'] : [1e9, 'B'];
  const value = gas / divisor;
  return `${Math.abs(value) < 10 ? value.toFixed(2) : Math.abs(value) < 100 ? value.toFixed(1) : value.toFixed(0)}${unit}`;
}

/** A signed difference: `+1,200` or `−300` (a real minus sign), `±0` for none. */
export function deltaText(delta: number): string {
  if (delta === 0) return '±0';
  const text = Math.abs(delta).toLocaleString('en-US');
  return delta > 0 ? `+${text}` : `−${text}`;
}

/** attoFIL as FIL: `10,000 FIL`, `0.000000000001 FIL`. */
export function filText(atto: bigint): string {
  const text = formatFil(atto);
  const [whole, fraction] = text.split('.');
  const grouped = BigInt(whole!.replace('-', '')).toLocaleString('en-US');
  return `${whole!.startsWith('-') ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''} FIL`;
}

/** attoFIL with its unit, for small amounts (fees): `123,400 attoFIL`. */
export function attoText(atto: bigint): string {
  return `${atto.toLocaleString('en-US')} attoFIL`;
}

/** `f410fabc…wxyz` for narrow places; the full text goes in a title. */
export function shortAddress(address: string | null | undefined, keep = 8): string {
  if (!address) return '—';
  if (address.length <= keep * 2 + 1) return address;
  return `${address.slice(0, keep)}…${address.slice(-4)}`;
}
