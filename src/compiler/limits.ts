/**
 * Size limits. Real Solidity files stay far below these (OpenZeppelin's largest is ~60 KB; a flattened
 * DeFi protocol is a few hundred KB); past them solc would spend seconds to minutes and hundreds of MB on
 * input nobody means to compile, so we refuse early with a diagnostic instead.
 */

/** One source file, in UTF-8 bytes. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** All sources of one compilation together (workspace and libraries), in UTF-8 bytes. */
export const MAX_TOTAL_BYTES = 16 * 1024 * 1024;

/** Source files in one compilation. */
export const MAX_SOURCE_FILES = 2000;

/** How long one compile may run in the worker before it is presumed stuck and the worker restarted. */
export const COMPILE_TIMEOUT_MS = 180_000;

/** UTF-8 length of a string without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
