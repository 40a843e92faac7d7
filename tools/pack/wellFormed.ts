import { Node, type Document, type Element } from "@xmldom/xmldom";
// From node:util, not the global: jest's jsdom environment (the control's tests read resx files too) has no global TextDecoder.
import { TextDecoder, TextEncoder } from "node:util";
import { PackError } from "./errors";

// The parser lets through some text that XML forbids; a strict reader (Dataverse's) would refuse the zip that carries it.

/** The text of UTF-8 bytes (an optional BOM is dropped); anything else is refused, at the line of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
    try {
        return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
        // Decoding again leniently puts U+FFFD where the first bad byte was.
        const lenient = new TextDecoder("utf-8").decode(bytes);
        throw new PackError(
            "encoding",
            "is not valid UTF-8 (save it as UTF-8)",
            file,
            lineAt(lenient, lenient.indexOf("\uFFFD")),
        );
    }
}

/** UTF-8 bytes of `text`, as the packer writes every part. */
export function encodeUtf8(text: string): Uint8Array {
    return new TextEncoder().encode(text);
}

// Every character outside the printable Basic Multilingual Plane, and every character reference, for a closer look.
const CHARACTER_OR_REFERENCE = /[^\t\n\r\x20-\uFFFC]|&#x([0-9A-Fa-f]+);|&#([0-9]+);/gu;
const REPLACEMENT_CHARACTER = 0xfffd;

/** Every character, literal or referenced, is an XML 1.0 `Char`; and none is U+FFFD, the trace of an earlier wrong decoding. */
export function assertXmlCharacters(text: string, file: string): void {
    for (const match of text.matchAll(CHARACTER_OR_REFERENCE)) {
        const [found, hex, decimal] = match;
        const literal = hex === undefined && decimal === undefined;
        const codePoint = literal ? (found.codePointAt(0) ?? 0) : parseInt(hex ?? decimal, hex === undefined ? 10 : 16);
        if (codePoint === REPLACEMENT_CHARACTER) {
            throw new PackError(
                "encoding",
                "holds U+FFFD, the replacement character: was it once decoded with the wrong encoding?",
                file,
                lineAt(text, match.index),
            );
        }
        if (!isXmlChar(codePoint)) {
            const hint = literal && codePoint === 0 ? " (is it UTF-16? save it as UTF-8)" : "";
            throw new PackError(
                "malformed-xml",
                `holds ${codePointName(codePoint)}, which XML does not allow${hint}`,
                file,
                lineAt(text, match.index),
            );
        }
    }
}

// Comments, CDATA sections and processing instructions: their content is not character data.
const COMMENT_CDATA_OR_PI = String.raw`<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>`;
// `]]>` may also appear inside tags (quoted values included); anywhere else is character data, where XML forbids it.
const CDATA_END_IN_TEXT = new RegExp(String.raw`${COMMENT_CDATA_OR_PI}|<(?:[^>"']|"[^"]*"|'[^']*')*>|(\]\]>)`, "g");
// In text and attribute values alike, `&` starts a reference: a name or a character number, then `;`.
const BARE_AMPERSAND = new RegExp(
    String.raw`${COMMENT_CDATA_OR_PI}|(&(?![A-Za-z_:][\w.:-]*;|#[0-9]+;|#x[0-9A-Fa-f]+;))`,
    "g",
);

/**
 * No literal `]]>` in character data, and no `&` that starts no reference. Call it on text the parser accepted, so that
 * the markup is well delimited.
 */
export function assertNoStrayMarkupCharacters(text: string, file: string): void {
    refuseCaptured(text, CDATA_END_IN_TEXT, file, 'malformed XML: "]]>" in text (write "]]&gt;")');
    refuseCaptured(text, BARE_AMPERSAND, file, 'malformed XML: "&" that starts no reference (write "&amp;")');
}

/** Refuses the first match of `pattern` whose first group took part: the other alternatives only skip what may hold it. */
function refuseCaptured(text: string, pattern: RegExp, file: string, message: string): void {
    for (const match of text.matchAll(pattern)) {
        if (match[1] !== undefined) throw new PackError("malformed-xml", message, file, lineAt(text, match.index));
    }
}

// The deepest solution file here nests 14 levels (the form), Microsoft's exports in ../shared/reference at most 6; far deeper
// nesting is no solution part, and the recursive walks over a document would overflow the stack on it.
export const MAX_XML_DEPTH = 64;

/** Walks the elements without recursion, so that a document nested absurdly deep gets a sentence, not a stack overflow. */
export function assertNestingDepth(document: Document, file: string): void {
    const pending: { element: Element; depth: number }[] =
        document.documentElement === null ? [] : [{ element: document.documentElement, depth: 1 }];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        const { element, depth } = next;
        if (depth > MAX_XML_DEPTH)
            throw new PackError(
                "invalid-source",
                `elements are nested more than ${MAX_XML_DEPTH} levels deep`,
                file,
                element.lineNumber,
            );
        for (let child = element.firstChild; child !== null; child = child.nextSibling) {
            if (child.nodeType === Node.ELEMENT_NODE) pending.push({ element: child as Element, depth: depth + 1 });
        }
    }
}

/** `xml:space` is `default` or `preserve`: .NET's reader, which Dataverse imports with, refuses any other value. */
export function assertXmlSpaceValues(document: Document, file: string): void {
    for (const element of Array.from(document.getElementsByTagName("*"))) {
        const value = element.getAttribute("xml:space");
        if (value !== null && value !== "default" && value !== "preserve") {
            throw new PackError(
                "malformed-xml",
                `xml:space="${value}" must be "default" or "preserve"`,
                file,
                element.lineNumber,
            );
        }
    }
}

/** Whether XML 1.0 allows the character (its `Char` production). */
export function isXmlChar(codePoint: number): boolean {
    return (
        codePoint === 0x9 ||
        codePoint === 0xa ||
        codePoint === 0xd ||
        (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
        (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
        (codePoint >= 0x10000 && codePoint <= 0x10ffff)
    );
}

function lineAt(text: string, index: number): number {
    return text.slice(0, index).split("\n").length;
}

export function codePointName(codePoint: number): string {
    return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}
