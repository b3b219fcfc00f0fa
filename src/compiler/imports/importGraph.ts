/**
 * Collects every source a compilation needs before solc runs: starting from the entry files, it reads
 * each file's import directives, turns each into a source unit name (relative paths, remappings; see
 * paths.ts) and loads that name from the workspace, the generated console.sol or a bundled library.
 * Each name is loaded once, so import cycles (legal in Solidity) terminate. Library files of one level of
 * the graph are fetched in parallel. A missing file becomes a diagnostic at every import that names it.
 */

import { BUNDLED_LIBRARIES, CONSOLE_SOL_PATH, type LibraryFiles, libraryOf } from '../libraries/catalog';
import { MAX_FILE_BYTES, MAX_SOURCE_FILES, MAX_TOTAL_BYTES, utf8Length } from '../limits';
import { SourcePositions } from '../output/positions';
import type { Remapping } from '../settings';
import type { Diagnostic, SourceOrigin } from '../types';
import { type ImportDirective, parseImports } from './parseImports';
import { applyRemappings, isRelativeImport, resolveRelative } from './paths';

export interface ResolvedSource {
  name: string;
  content: string;
  origin: SourceOrigin;
}

export interface ImportGraph {
  /** Every source to hand solc, entries first, then in the order they were reached. */
  sources: Map<string, ResolvedSource>;
  /** Source unit name -> the names it imports. */
  edges: Map<string, string[]>;
  diagnostics: Diagnostic[];
}

/** One import directive that names a file, with how its name was worked out. */
interface ImportSite {
  importer: string;
  directive: ImportDirective;
  name: string;
  remapping?: Remapping;
}

export class ImportResolver {
  /** Import directives of library files, which never change. */
  private readonly libraryImports = new Map<string, ImportDirective[]>();

  constructor(private readonly libraries: LibraryFiles) {}

  /**
   * `generated` supplies files made on the fly (console.sol, whose text depends on the compiler version).
   */
  async resolve(
    workspace: Map<string, string>,
    entries: string[],
    remappings: Remapping[],
    generated: (name: string) => string | undefined = () => undefined,
  ): Promise<ImportGraph> {
    const sources = new Map<string, ResolvedSource>();
    const edges = new Map<string, string[]>();
    const diagnostics: Diagnostic[] = [];
    const missing = new Map<string, ImportSite[]>();
    let totalBytes = 0;
    let tooMany = false;

    // Files refused for their size: reported once, not again at each import.
    const refused = new Set<string>();
    const admit = (source: ResolvedSource, site?: ImportSite): boolean => {
      const bytes = utf8Length(source.content);
      if (bytes > MAX_FILE_BYTES) {
        refused.add(source.name);
        diagnostics.push(tooLargeDiagnostic(source, bytes, site, sources));
        return false;
      }
      if (sources.size >= MAX_SOURCE_FILES) {
        tooMany = true;
        return false;
      }
      totalBytes += bytes;
      sources.set(source.name, source);
      return true;
    };

    let level: string[] = [];
    for (const entry of entries) {
      const content = workspace.get(entry);
      if (
        content !== undefined &&
        !sources.has(entry) &&
        admit({ name: entry, content, origin: 'workspace' })
      ) {
        level.push(entry);
      }
    }

    while (level.length > 0) {
      const sites: ImportSite[] = [];
      for (const importer of level) {
        const source = sources.get(importer)!;
        const names: string[] = [];
        for (const directive of this.importsOf(source)) {
          const { name, remapping } = applyRemappings(
            resolveRelative(directive.path, importer),
            importer,
            remappings,
          );
          names.push(name);
          sites.push(remapping ? { importer, directive, name, remapping } : { importer, directive, name });
        }
        edges.set(importer, names);
      }
      // Load each new name once, library reads in parallel.
      const wanted = new Map<string, ImportSite>();
      for (const site of sites) {
        if (sources.has(site.name) || refused.has(site.name)) continue;
        const known = missing.get(site.name);
        if (known) known.push(site);
        else if (!wanted.has(site.name)) wanted.set(site.name, site);
      }
      const loaded = await Promise.all(
        [...wanted.values()].map(async (site) => ({
          site,
          source: await this.load(site.name, workspace, generated),
        })),
      );
      level = [];
      for (const { site, source } of loaded) {
        if (!source) {
          missing.set(site.name, [site]);
          continue;
        }
        if (admit(source, site)) level.push(source.name);
      }
      // Sites seen in this level for names that were just found missing.
      for (const site of sites) {
        const list = missing.get(site.name);
        if (list && !list.includes(site)) list.push(site);
      }
    }

    for (const [name, list] of missing) {
      for (const site of list) diagnostics.push(this.notFound(name, site, sources, workspace));
    }
    if (tooMany) {
      diagnostics.push(
        serviceError('TooLarge', `More than ${MAX_SOURCE_FILES} source files; nothing was compiled.`),
      );
    }
    if (totalBytes > MAX_TOTAL_BYTES) {
      diagnostics.push(
        serviceError(
          'TooLarge',
          `The sources add up to ${formatBytes(totalBytes)}, over the ${formatBytes(MAX_TOTAL_BYTES)} limit; nothing was compiled.`,
        ),
      );
    }
    return { sources, edges, diagnostics };
  }

  private importsOf(source: ResolvedSource): ImportDirective[] {
    if (source.origin === 'workspace') return parseImports(source.content);
    let directives = this.libraryImports.get(source.name);
    if (!directives) {
      directives = parseImports(source.content);
      this.libraryImports.set(source.name, directives);
    }
    return directives;
  }

  private async load(
    name: string,
    workspace: Map<string, string>,
    generated: (name: string) => string | undefined,
  ): Promise<ResolvedSource | undefined> {
    const own = workspace.get(name);
    // The workspace comes first, so a user can replace any library file with their own copy.
    if (own !== undefined) return { name, content: own, origin: 'workspace' };
    const made = generated(name);
    if (made !== undefined) return { name, content: made, origin: 'generated' };
    if (this.libraries.has(name))
      return { name, content: await this.libraries.read(name), origin: 'library' };
    return undefined;
  }

  private notFound(
    name: string,
    site: ImportSite,
    sources: Map<string, ResolvedSource>,
    workspace: Map<string, string>,
  ): Diagnostic {
    const tried = [`the workspace file "${name}"`];
    const library = libraryOf(name);
    if (library) tried.push(`the bundled ${library.title} (${library.packageName}), which has no such file`);
    else {
      const prefixes = [...BUNDLED_LIBRARIES.map((l) => `${l.packageName}/`), CONSOLE_SOL_PATH].join(', ');
      tried.push(`the bundled libraries, none of which serves this path (they serve ${prefixes})`);
    }
    const how: string[] = [];
    if (isRelativeImport(site.directive.path)) {
      how.push(`"${site.directive.path}" is relative to "${site.importer}"`);
    }
    if (site.remapping) how.push(`remapping "${site.remapping.text}" applied`);
    const suggestions = this.suggest(name, workspace);
    let message = `Source "${name}" not found. Tried ${tried.join('; and ')}.`;
    if (how.length > 0) message += ` (${how.join('; ')}.)`;
    if (suggestions.length > 0) message += ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?`;
    else if (!library) message += ' Add the file to the workspace, or a remapping to where it is.';
    const diagnostic: Diagnostic = {
      severity: 'error',
      origin: 'imports',
      type: 'ImportNotFound',
      message,
      location: siteLocation(site, sources),
    };
    if (sources.get(site.importer)?.origin !== 'workspace') diagnostic.inLibrary = true;
    return diagnostic;
  }

  /** Files with the same name elsewhere (e.g. a file that moved between OpenZeppelin 4 and 5). */
  private suggest(name: string, workspace: Map<string, string>): string[] {
    const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
    const lower = name.toLowerCase();
    const candidates = [...workspace.keys(), ...this.libraries.names(), CONSOLE_SOL_PATH];
    const sameIgnoringCase = candidates.filter((c) => c.toLowerCase() === lower);
    if (sameIgnoringCase.length > 0) return sameIgnoringCase.slice(0, 3);
    return candidates.filter((c) => c.slice(c.lastIndexOf('/') + 1).toLowerCase() === base).slice(0, 3);
  }
}

/** The range of the import directive, in the importing file. */
function siteLocation(site: ImportSite, sources: Map<string, ResolvedSource>) {
  const text = sources.get(site.importer)?.content ?? '';
  return {
    file: site.importer,
    range: new SourcePositions(text).rangeFromChars(site.directive.start, site.directive.end),
  };
}

function tooLargeDiagnostic(
  source: ResolvedSource,
  bytes: number,
  site: ImportSite | undefined,
  sources: Map<string, ResolvedSource>,
): Diagnostic {
  const message = `"${source.name}" is ${formatBytes(bytes)}; the limit for one file is ${formatBytes(MAX_FILE_BYTES)}. It was not compiled.`;
  const diagnostic: Diagnostic = { severity: 'error', origin: 'service', type: 'TooLarge', message };
  if (site) diagnostic.location = siteLocation(site, sources);
  else if (source.origin === 'workspace') {
    // The whole file is the problem: point at its first line without scanning a huge text.
    diagnostic.location = { file: source.name, range: new SourcePositions('').rangeFromChars(0, 0) };
  }
  return diagnostic;
}

export function serviceError(type: string, message: string): Diagnostic {
  return { severity: 'error', origin: 'service', type, message };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
