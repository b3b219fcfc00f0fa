import { invalidInput } from '../../errors';

/** Fetches a bundle CAR from a URL (the app ships none: the user picks a file or a URL). */
export async function fetchBundle(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw invalidInput(`could not fetch ${url}: ${(error as Error).message}`, 'bundle URL');
  }
  if (!response.ok)
    throw invalidInput(`${url} answered ${response.status} ${response.statusText}`, 'bundle URL');
  return new Uint8Array(await response.arrayBuffer());
}
