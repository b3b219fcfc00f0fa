import { invalidInput } from '../errors';
import { type Address, parseAddressString } from './address';
import { ethToFilecoin, parseEthAddress } from './ethereum';

/**
 * Parses any address a user may type: `f0…`–`f4…` (or `t…`), or an Ethereum `0x…` address (a masked ID
 * becomes f0, anything else f410). The error says which forms are accepted.
 */
export function parseAnyAddress(text: string, where = 'address'): Address {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw invalidInput('an address is required', where);
  if (/^0x/i.test(trimmed)) return ethToFilecoin(parseEthAddress(trimmed.replace(/^0X/, '0x')));
  if (/^[ft][0-4]/.test(trimmed)) return parseAddressString(trimmed).address;
  throw invalidInput(`"${text}" is not an address: use f0…/f1…/f2…/f3…/f4… (or t…) or 0x…`, where);
}
