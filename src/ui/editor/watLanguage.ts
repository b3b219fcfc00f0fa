import type * as Monaco from 'monaco-editor/editor/editor.api';

/**
 * WebAssembly text for Monaco: a small Monarch grammar of our own (keywords of the module structure,
 * instructions as `family.op`, types, `$names`, numbers, strings, line and block comments).
 */
export const WAT_LANGUAGE_ID = 'wat';

const KEYWORDS = [
  'module',
  'func',
  'param',
  'result',
  'local',
  'global',
  'memory',
  'table',
  'elem',
  'data',
  'type',
  'import',
  'export',
  'start',
  'mut',
  'offset',
  'item',
  'declare',
  'then',
  'else',
  'end',
  'block',
  'loop',
  'if',
  'funcref',
  'externref',
];
const TYPES = ['i32', 'i64', 'f32', 'f64', 'v128'];
const CONTROL = [
  'br',
  'br_if',
  'br_table',
  'return',
  'call',
  'call_indirect',
  'unreachable',
  'nop',
  'drop',
  'select',
];

export const watLanguage: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.wat',
  keywords: KEYWORDS,
  typeKeywords: TYPES,
  control: CONTROL,
  tokenizer: {
    root: [
      [/;;.*$/, 'comment'],
      [/\(;/, 'comment', '@blockComment'],
      [/"/, 'string', '@string'],
      [/\$[\w.+\-*/\\^~=<>!?@#$%&|:'`]+/, 'variable'],
      // Instructions: i32.add, memory.grow, local.get, i64.load8_u …
      [
        /(?:i32|i64|f32|f64|v128|local|global|memory|table|ref|elem|data)\.[a-z0-9_./]+/,
        'keyword.instruction',
      ],
      [
        /[a-z_][\w.]*/,
        {
          cases: {
            '@typeKeywords': 'type',
            '@keywords': 'keyword',
            '@control': 'keyword.control',
            '@default': 'identifier',
          },
        },
      ],
      [
        /[+-]?(?:0x[0-9a-fA-F_]+|\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?\d+)?|inf|nan(?::0x[0-9a-fA-F]+)?)/,
        'number',
      ],
      [/[()]/, '@brackets'],
      [/=/, 'delimiter'],
    ],
    blockComment: [
      [/\(;/, 'comment', '@push'],
      [/;\)/, 'comment', '@pop'],
      [/[^(;]+/, 'comment'],
      [/[(;]/, 'comment'],
    ],
    string: [
      [/\\(?:[0-9a-fA-F]{2}|[nrt"'\\]|u\{[0-9a-fA-F]+\})/, 'string.escape'],
      [/[^\\"]+/, 'string'],
      [/"/, 'string', '@pop'],
    ],
  },
};

export const watConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: ';;', blockComment: ['(;', ';)'] },
  brackets: [['(', ')']],
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
  ],
};

export function registerWat(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((language) => language.id === WAT_LANGUAGE_ID)) return;
  monaco.languages.register({
    id: WAT_LANGUAGE_ID,
    extensions: ['.wat', '.wast'],
    aliases: ['WebAssembly text'],
  });
  monaco.languages.setMonarchTokensProvider(WAT_LANGUAGE_ID, watLanguage);
  monaco.languages.setLanguageConfiguration(WAT_LANGUAGE_ID, watConfiguration);
}
