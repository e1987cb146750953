// A tiny strict XML 1.0 well-formedness parser for the SVG tests (no dependency), and its own tests.
// Supports what a standalone SVG needs: an XML declaration, comments, elements, attributes, text,
// predefined and numeric entities. Rejects DOCTYPE, CDATA, processing instructions after the prolog,
// mismatched/unclosed tags, duplicate attributes, raw "<" or bad "&" in text/attributes, several roots.
import * as assert from "assert";

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export class XmlError extends Error {}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function validChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

function decode(raw: string, where: string): string {
  let out = "";
  for (let i = 0; i < raw.length; ) {
    const ch = raw[i];
    if (ch === "<") throw new XmlError(`raw "<" in ${where}`);
    if (ch !== "&") {
      out += ch;
      i++;
      continue;
    }
    const end = raw.indexOf(";", i);
    if (end < 0) throw new XmlError(`unterminated entity in ${where}`);
    const ref = raw.slice(i + 1, end);
    let cp: number | undefined;
    if (/^#[0-9]+$/.test(ref)) cp = parseInt(ref.slice(1), 10);
    else if (/^#x[0-9A-Fa-f]+$/.test(ref)) cp = parseInt(ref.slice(2), 16);
    if (cp !== undefined) {
      if (!validChar(cp)) throw new XmlError(`invalid character reference &${ref}; in ${where}`);
      out += String.fromCodePoint(cp);
    } else if (ref in PREDEFINED) out += PREDEFINED[ref];
    else throw new XmlError(`unknown entity &${ref}; in ${where}`);
    i = end + 1;
  }
  return out;
}

/** Parses a whole document; throws XmlError when it is not well-formed. Returns the root element. */
export function parseXml(text: string): XmlElement {
  for (const ch of text) {
    if (!validChar(ch.codePointAt(0)!)) throw new XmlError(`invalid XML character U+${ch.codePointAt(0)!.toString(16)}`);
  }
  let i = 0;
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const skipMisc = () => {
    for (;;) {
      skipWs();
      if (text.startsWith("<!--", i)) {
        const end = text.indexOf("-->", i + 4);
        if (end < 0) throw new XmlError("unterminated comment");
        if (text.slice(i + 4, end).includes("--")) throw new XmlError('"--" inside a comment');
        i = end + 3;
      } else return;
    }
  };
  if (text.startsWith("<?xml", 0)) {
    const end = text.indexOf("?>");
    if (end < 0) throw new XmlError("unterminated XML declaration");
    if (!/^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z0-9._-]+")?(\s+standalone="(yes|no)")?\s*\?>$/.test(text.slice(0, end + 2))) {
      throw new XmlError("malformed XML declaration");
    }
    i = end + 2;
  }
  skipMisc();
  if (text.startsWith("<!", i)) throw new XmlError("DOCTYPE/CDATA not supported (not expected in our SVG)");
  if (text.startsWith("<?", i)) throw new XmlError("processing instruction not expected");
  if (text[i] !== "<") throw new XmlError(`expected the root element at ${i}`);

  const parseElement = (): XmlElement => {
    // at "<"
    i++;
    const m = NAME.exec(text.slice(i, i + 200));
    if (!m) throw new XmlError(`bad element name at ${i}`);
    const name = m[0];
    i += name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipWs();
      if (text.startsWith("/>", i)) {
        i += 2;
        return { name, attrs, children: [] };
      }
      if (text[i] === ">") {
        i++;
        break;
      }
      if (i === before) throw new XmlError(`expected whitespace before an attribute of <${name}> at ${i}`);
      const am = NAME.exec(text.slice(i, i + 200));
      if (!am) throw new XmlError(`bad attribute name in <${name}> at ${i}`);
      const an = am[0];
      i += an.length;
      skipWs();
      if (text[i] !== "=") throw new XmlError(`attribute ${an} of <${name}> has no value`);
      i++;
      skipWs();
      const q = text[i];
      if (q !== '"' && q !== "'") throw new XmlError(`attribute ${an} of <${name}> is not quoted`);
      const end = text.indexOf(q, i + 1);
      if (end < 0) throw new XmlError(`unterminated attribute ${an} of <${name}>`);
      if (an in attrs) throw new XmlError(`duplicate attribute ${an} in <${name}>`);
      attrs[an] = decode(text.slice(i + 1, end), `attribute ${an} of <${name}>`);
      i = end + 1;
    }
    const children: XmlNode[] = [];
    for (;;) {
      if (i >= text.length) throw new XmlError(`<${name}> is not closed`);
      if (text.startsWith("</", i)) {
        i += 2;
        const em = NAME.exec(text.slice(i, i + 200));
        if (!em || em[0] !== name) throw new XmlError(`</${em?.[0] ?? "?"}> closes <${name}>`);
        i += em[0].length;
        skipWs();
        if (text[i] !== ">") throw new XmlError(`malformed end tag </${name}>`);
        i++;
        return { name, attrs, children };
      }
      if (text.startsWith("<!--", i)) {
        skipMisc();
        continue;
      }
      if (text.startsWith("<!", i) || text.startsWith("<?", i)) throw new XmlError(`unexpected markup in <${name}>`);
      if (text[i] === "<") {
        children.push(parseElement());
        continue;
      }
      const next = text.indexOf("<", i);
      const raw = text.slice(i, next < 0 ? text.length : next);
      if (raw.includes("]]>")) throw new XmlError(`"]]>" in text of <${name}>`);
      children.push(decode(raw, `text of <${name}>`));
      i += raw.length;
    }
  };
  const root = parseElement();
  skipMisc();
  if (i !== text.length) throw new XmlError(`content after the root element at ${i}`);
  return root;
}

/** Every element below (and including) `el`, document order. */
export function allElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [el];
  for (const c of el.children) if (typeof c !== "string") out.push(...allElements(c));
  return out;
}

/** Elements with `name` whose class list contains `cls` (when given). */
export function select(el: XmlElement, name: string, cls?: string): XmlElement[] {
  return allElements(el).filter((e) => e.name === name && (cls === undefined || (e.attrs.class ?? "").split(/\s+/).includes(cls)));
}

/** Concatenated text of the element, without <title> children. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === "string" ? c : c.name === "title" ? "" : textOf(c))).join("");
}

/** Text of the element's direct <title> child. */
export function titleOf(el: XmlElement): string | undefined {
  const t = el.children.find((c): c is XmlElement => typeof c !== "string" && c.name === "title");
  return t ? textOf(t) : undefined;
}

describe("svg tests' strict XML checker", () => {
  it("parses a well-formed document and decodes entities", () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a x="1 &amp; 2" y='&lt;&#65;&#x42;'><b/>t &gt; u<c>v</c></a>\n`);
    assert.strictEqual(root.name, "a");
    assert.deepStrictEqual(root.attrs, { x: "1 & 2", y: "<AB" });
    assert.strictEqual(textOf(root), "t > uv");
    assert.deepStrictEqual(allElements(root).map((e) => e.name), ["a", "b", "c"]);
  });

  const bad: Array<[string, string]> = [
    ["mismatched end tag", "<a><b></a></b>"],
    ["unclosed element", "<a><b/>"],
    ["raw & in text", "<a>x & y</a>"],
    ["unknown entity", "<a>&nbsp;</a>"],
    ["raw < in attribute", `<a x="<"/>`],
    ["duplicate attribute", `<a x="1" x="2"/>`],
    ["unquoted attribute", "<a x=1/>"],
    ["two roots", "<a/><b/>"],
    ["text after root", "<a/>x"],
    ["control character", "<a>\u0001</a>"],
    ["doctype", "<!DOCTYPE a><a/>"],
    ["attributes without space", `<a x="1"y="2"/>`],
  ];
  for (const [what, doc] of bad) {
    it(`rejects ${what}`, () => assert.throws(() => parseXml(doc), XmlError));
  }
});
