import { PackError } from "../../tools/pack/errors";
import { parseXml } from "../../tools/pack/xml";

// What the packer's XML reading refuses beyond the parser it uses (which lets these through), each at its line.
const parse = (xml: string) => parseXml(Buffer.from(xml, "utf8"), "source.xml");

function refusal(xml: string): { kind: string; line: number | undefined; message: string } {
    try {
        parse(xml);
    } catch (error) {
        if (!(error instanceof PackError)) throw error;
        return { kind: error.kind, line: error.line, message: error.message };
    }
    throw new Error(`accepted: ${xml}`);
}

describe("parseXml", () => {
    it.each([
        ["a bare & followed by a space in text", "<a>\n x & y</a>", 2, '"&" that starts no reference'],
        ["a bare & at the end of text", "<a>\n\n x&</a>", 3, '"&" that starts no reference'],
        ["a bare & in an attribute value", '<a>\n<b x="& y"/></a>', 2, '"&" that starts no reference'],
        ["an empty character reference", "<a>&#;</a>", 1, '"&" that starts no reference'],
        ['"]]>" in text', "<a>\n]]></a>", 2, '"]]>" in text'],
        ["a control character", "<a>\n\u0001</a>", 2, "U+0001"],
        ["a bad xml:space value", '<a>\n<b xml:space="keep"/></a>', 2, 'xml:space="keep"'],
    ])("refuses %s", (_case, xml, line, message) => {
        const found = refusal(xml);
        expect(found.kind).toBe("malformed-xml");
        expect(found.line).toBe(line);
        expect(found.message).toContain(message);
    });

    it.each([
        ["references", '<a x="&amp; &#65; &#x42; &lt;">&gt;&apos;&quot;</a>'],
        ["& and ]]> inside comments, CDATA and processing instructions", "<a><!-- & ]]> --><![CDATA[ & ]]><?pi & ?></a>"],
        ["]]> inside an attribute value", '<a x="]]>"/>'],
        ["both xml:space values", '<a xml:space="preserve"><b xml:space="default"/></a>'],
    ])("accepts %s", (_case, xml) => {
        expect(parse(xml).documentElement?.nodeName).toBe("a");
    });
});
