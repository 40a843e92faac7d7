import { DOMParser, Node, XMLSerializer, type Document, type Element } from "@xmldom/xmldom";
import { PackError } from "./errors";
import { readInputFile } from "./projectTree";
import {
    assertNestingDepth,
    assertNoStrayMarkupCharacters,
    assertXmlCharacters,
    assertXmlSpaceValues,
    decodeUtf8,
} from "./wellFormed";

const UTF8_BOM = "\uFEFF";
const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/**
 * Decodes UTF-8 (an optional BOM is dropped) and parses; any flaw becomes a PackError naming the file and line.
 * Stricter than the parser alone, which lets through characters XML forbids, a bare `&`, `]]>` in text and bad `xml:space` values: they
 * would reach the zip, and a strict reader (Dataverse's) would refuse it.
 */
export function parseXml(bytes: Uint8Array, file: string): Document {
    const text = decodeUtf8(bytes, file);
    assertXmlCharacters(text, file);
    let problem: { message: string; line?: number } | undefined;
    const parser = new DOMParser({
        onError: (_level, message, context: { locator?: { lineNumber?: number } }) => {
            // Stop at the first problem of any level: a half-understood source must not be packed.
            problem = { message, line: context.locator?.lineNumber };
            throw new Error(message);
        },
    });
    let document: Document;
    try {
        document = parser.parseFromString(text, "text/xml");
    } catch (error) {
        // The parser counts lines from 0 until it meets the first node: a problem found before that is on line 1.
        const line = problem === undefined ? undefined : Math.max(problem.line ?? 1, 1);
        throw new PackError(
            "malformed-xml",
            `malformed XML: ${problem?.message ?? (error as Error).message}`,
            file,
            line,
        );
    }
    assertNestingDepth(document, file);
    assertNoStrayMarkupCharacters(text, file);
    assertXmlSpaceValues(document, file);
    assertDeclaredUtf8(document, file);
    return document;
}

export function readXmlFile(file: string): Document {
    return parseXml(readInputFile(file), file);
}

function assertDeclaredUtf8(document: Document, file: string): void {
    const first = document.firstChild;
    if (first === null || first.nodeType !== Node.PROCESSING_INSTRUCTION_NODE || first.nodeName !== "xml") return;
    const declared = /encoding\s*=\s*["']([^"']*)["']/.exec(first.nodeValue ?? "")?.[1];
    if (declared !== undefined && declared.toLowerCase() !== "utf-8") {
        throw new PackError("encoding", `declares encoding "${declared}"; only UTF-8 is supported`, file, 1);
    }
}

/**
 * The way Microsoft's tools write solution parts: UTF-8 with BOM, XML declaration, then the element, without comments
 * (the source's comments are for its maintainers; no Dataverse export carries any).
 */
export function serializeXml(root: Element): string {
    const copy = root.cloneNode(true) as Element;
    removeComments(copy);
    return UTF8_BOM + XML_DECLARATION + new XMLSerializer().serializeToString(copy, { requireWellFormed: true });
}

function removeComments(parent: Node): void {
    for (const child of Array.from(parent.childNodes)) {
        if (child.nodeType === Node.COMMENT_NODE) removeWithIndent(child);
        else if (child.nodeType === Node.ELEMENT_NODE) removeComments(child);
    }
}

/** Removes `node` and the indentation before it, so that the output keeps no blank line in its place. */
export function removeWithIndent(node: Node): void {
    const before = node.previousSibling;
    if (before !== null && before.nodeType === Node.TEXT_NODE && (before.nodeValue ?? "").trim() === "")
        before.parentNode?.removeChild(before);
    node.parentNode?.removeChild(node);
}

export function childElements(parent: Element | Document, name?: string): Element[] {
    const elements: Element[] = [];
    for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
        if (node.nodeType === Node.ELEMENT_NODE && (name === undefined || node.nodeName === name))
            elements.push(node as Element);
    }
    return elements;
}

export function rootElement(document: Document, expectedName: string, file: string): Element {
    const root = document.documentElement;
    if (root?.nodeName !== expectedName) {
        throw new PackError(
            "invalid-source",
            `root element must be <${expectedName}>, found <${root?.nodeName}>`,
            file,
            root?.lineNumber,
        );
    }
    return root;
}

export function requiredChild(parent: Element, name: string, file: string): Element {
    const [child] = childElements(parent, name);
    if (child === undefined)
        throw new PackError("invalid-source", `<${parent.nodeName}> has no <${name}>`, file, parent.lineNumber);
    return child;
}

export function requiredText(parent: Element, name: string, file: string): string {
    return (requiredChild(parent, name, file).textContent ?? "").trim();
}

/** The existing child of that name, or a new empty one appended to `parent`. */
export function ensureChild(parent: Element, name: string): Element {
    return childElements(parent, name)[0] ?? appendElement(parent, name);
}

export function appendElement(parent: Element, name: string, text?: string): Element {
    return parent.appendChild(createElement(parent, name, text)) as Element;
}

/** A new element of `near`'s document, not yet placed. */
export function createElement(near: Element, name: string, text?: string): Element {
    const element = documentOf(near).createElement(name);
    if (text !== undefined) element.textContent = text;
    return element;
}

/** Makes `children` the only children of `parent`, each indented as its first element child was. */
export function replaceChildElements(parent: Element, children: readonly Element[]): void {
    const whitespace = (node: Node | null | undefined) =>
        node?.nodeType === Node.TEXT_NODE && (node.nodeValue ?? "").trim() === "" ? (node.nodeValue ?? "") : "";
    const indent = whitespace(childElements(parent)[0]?.previousSibling);
    const closing = whitespace(parent.lastChild);
    while (parent.firstChild !== null) parent.removeChild(parent.firstChild);
    for (const child of children) {
        if (indent !== "") parent.appendChild(documentOf(parent).createTextNode(indent));
        parent.appendChild(child);
    }
    if (closing !== "") parent.appendChild(documentOf(parent).createTextNode(closing));
}

/** Appends a deep copy of `element` (from any document) and returns the copy. */
export function appendCopy(target: Element, element: Element): Element {
    return target.appendChild(copyFor(target, element)) as Element;
}

/** A deep copy of `element` (from any document) for `near`'s document, not yet placed. */
export function copyFor(near: Element, element: Element): Element {
    return documentOf(near).importNode(element, true);
}

function documentOf(element: Element): Document {
    // xmldom types allow null, but every element it parses or creates belongs to a document.
    const document = element.ownerDocument;
    if (document === null) throw new Error(`<${element.nodeName}> belongs to no document`);
    return document;
}
