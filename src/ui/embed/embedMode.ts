/**
 * Embed mode (docs/storage.md): `?embed` (or `?embed=1`) in the page's query shows only the editor and the
 * run panel, for workshop pages and slides. It goes in the query, not the fragment, because the fragment
 * is the share link itself (versioned and checksummed): `https://…/?embed=1#v1/…` embeds a shared
 * workspace.
 */
export function isEmbedMode(search: string = window.location.search): boolean {
  const params = new URLSearchParams(search);
  if (!params.has('embed')) return false;
  const value = params.get('embed');
  return value !== '0' && value !== 'false';
}

/** The fragment the page was opened with (a share link is cleared from the URL once opened). */
const initialFragment = typeof window === 'undefined' ? '' : window.location.hash;

/**
 * The full playground for the "Open in playground" link: the same page without `embed`, with the share
 * link the embed was opened with (the full playground opens it as its own new workspace).
 */
export function playgroundUrl(
  location: Pick<Location, 'origin' | 'pathname' | 'search' | 'hash'> = window.location,
): string {
  const params = new URLSearchParams(location.search);
  params.delete('embed');
  const query = params.toString();
  const fragment = location.hash || initialFragment;
  return `${location.origin}${location.pathname}${query ? `?${query}` : ''}${fragment}`;
}
