import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImports } from './parseImports';

const paths = (source: string) => parseImports(source).map((d) => d.path);

describe('parseImports', () => {
  it('reads every form of the import directive', () => {
    const source = `
      import "./A.sol";
      import './B.sol' as B;
      import * as C from "lib/C.sol";
      import { D, E as F } from "@scope/pkg/D.sol";
      import {G} from'g.sol';
      import"h.sol";
    `;
    expect(paths(source)).toEqual(['./A.sol', './B.sol', 'lib/C.sol', '@scope/pkg/D.sol', 'g.sol', 'h.sol']);
  });

  it('gives the range of the whole directive, from `import` to its semicolon', () => {
    const source = 'pragma solidity ^0.8.0;\nimport {X as Y} from "x.sol" ;\ncontract C {}';
    const [directive] = parseImports(source);
    expect(source.slice(directive!.start, directive!.end)).toBe('import {X as Y} from "x.sol" ;');
    const [aliased] = parseImports('import "a.sol" as A;');
    expect(aliased).toEqual({ path: 'a.sol', start: 0, end: 20 });
  });

  it('ignores imports inside comments and strings, and words that only contain "import"', () => {
    const source = `
      // import "line-comment.sol";
      /* import "block-comment.sol"; */
      /** @dev import "natspec.sol"; */
      string constant s = "import \\"in-string.sol\\";";
      string constant t = 'import "in-single-quotes.sol";';
      uint importance = 1; uint x = reimport;
      import "real.sol";
    `;
    expect(paths(source)).toEqual(['real.sol']);
  });

  it('handles comments between the parts of a directive, and escapes in the path', () => {
    expect(paths('import /* c */ { A } /* d */ from // e\n "a\\x2fb.sol";')).toEqual(['a/b.sol']);
    expect(paths('import "\\u0061.sol";')).toEqual(['a.sol']);
  });

  it('leaves incomplete directives to solc', () => {
    expect(paths('import ;')).toEqual([]);
    expect(paths('import {A} from ;')).toEqual([]);
    expect(paths('import "unterminated.sol')).toEqual([]);
    expect(paths('import {A} from "unterminated')).toEqual([]);
    expect(paths('x.import "a.sol";')).toEqual([]);
  });

  it('finds the same paths whatever comments and whitespace surround the directives', () => {
    const pathArb = fc.stringMatching(/^[\w@./-]{1,20}$/);
    const triviaArb = fc.constantFrom(' ', '\n', '\t', '/* x */', '// y\n', '/** import "no.sol"; */', '');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(pathArb, triviaArb, fc.integer({ min: 0, max: 3 })), { maxLength: 8 }),
        (items) => {
          const forms = [
            (p: string, t: string) => `import${t || ' '}"${p}"${t};`,
            (p: string, t: string) => `import${t}*${t} as X from${t || ' '}"${p}";`,
            (p: string, t: string) => `import${t}{A,${t}B as C}${t}from${t}'${p}'${t};`,
            (p: string, t: string) => `import${t || ' '}'${p}'${t || ' '}as Y;`,
          ];
          const source = items.map(([p, t, f]) => `${t}${forms[f]!(p, t)}${t}\n`).join('contract K {}\n');
          expect(paths(source)).toEqual(items.map(([p]) => p));
        },
      ),
    );
  });
});
