import { invalidInput, malformed, tooLarge } from '../../worker-vm/errors';
import type { SharePayload } from './payload';
import { decodeV1, encodeV1, V1 } from './v1';

/** The version new links are written in. */
export const SHARE_LINK_VERSION = V1;

/**
 * Above this many characters (the whole fragment, `#` included) the UI offers an exported file instead of
 * a link: browsers take far longer URLs, but mail clients, chat apps and QR codes do not carry them well.
 */
export const SHARE_LINK_MAX_CHARS = 8192;
/** Above this, a link still works but some chat apps cut it (Discord stops at 2,000 characters). */
export const SHARE_LINK_SHORT_CHARS = 2000;
/** Links longer than this are refused unread (nothing this version writes comes close). */
export const MAX_DECODE_CHARS = 64 * 1024;
/** The payload may not expand beyond this (a decompression bomb stops here). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

const WHERE = 'share link';

export interface EncodedShareLink {
  /** `#v1/…`, to put after the page's URL. */
  readonly fragment: string;
  readonly length: number;
  /** True when the link is longer than SHARE_LINK_SHORT_CHARS (the UI may say some apps cut it). */
  readonly long: boolean;
}

/**
 * Encodes a payload as a URL fragment. Throws TooLarge when the link would be longer than `maxChars`
 * (SHARE_LINK_MAX_CHARS by default) or the payload larger than MAX_PAYLOAD_BYTES: the UI then offers an
 * exported file instead.
 */
export function encodeShareLink(payload: SharePayload, maxChars = SHARE_LINK_MAX_CHARS): EncodedShareLink {
  const { body, jsonBytes } = encodeV1(payload);
  if (jsonBytes > MAX_PAYLOAD_BYTES)
    throw tooLarge(
      `the workspace is ${jsonBytes} bytes, more than a link carries; export a file instead`,
      WHERE,
    );
  const fragment = `#v${SHARE_LINK_VERSION}/${body}`;
  if (fragment.length > maxChars) {
    throw tooLarge(
      `the link would be ${fragment.length} characters, more than the ${maxChars} a link can safely carry; export a file instead`,
      WHERE,
    );
  }
  return { fragment, length: fragment.length, long: fragment.length > SHARE_LINK_SHORT_CHARS };
}

/** Decoders of every version ever written: old links keep opening. */
const DECODERS: Record<number, (body: string, maxPayloadBytes: number, where: string) => SharePayload> = {
  [V1]: decodeV1,
};

/**
 * Decodes a share link's fragment (with or without `#`), defensively: size caps before and after
 * decompression, a checksum, and a strict check of everything inside. Any problem is a typed error with a
 * message to show; nothing in the link is ever run or interpreted as markup.
 */
export function decodeShareLink(fragment: string): SharePayload {
  if (typeof fragment !== 'string') throw invalidInput('must be text', WHERE);
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text.length > MAX_DECODE_CHARS)
    throw tooLarge(`is ${text.length} characters; links have at most ${MAX_DECODE_CHARS}`, WHERE);
  const match = /^v(\d{1,6})\/(.*)$/s.exec(text);
  if (!match) throw malformed('is not an FVM Playground share link (it should start with #v1/)', WHERE);
  const version = Number(match[1]);
  const decode = DECODERS[version];
  if (!decode) {
    throw version > SHARE_LINK_VERSION
      ? invalidInput(
          `was made by a newer version of the playground (link version ${version}); this version opens links up to version ${SHARE_LINK_VERSION}`,
          WHERE,
        )
      : malformed(`has an unknown version (${version})`, WHERE);
  }
  return decode(match[2]!, MAX_PAYLOAD_BYTES, WHERE);
}

/** True when a URL fragment looks like a share link (the app decides whether to open it). */
export const isShareLinkFragment = (fragment: string): boolean => /^#?v\d{1,6}\//.test(fragment);
