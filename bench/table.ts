/** The bench's one table: figure | value | budget | ok. */

export interface Row {
    figure: string;
    value: string;
    budget: string;
    /** null: a reference figure without a budget of its own. */
    ok: boolean | null;
}

export interface Section {
    title: string;
    rows: Row[];
}

export function formatTable(sections: Section[]): string {
    const indent = (row: Row): Row => ({ ...row, figure: `  ${row.figure}` });
    const header: Row = { figure: "figure", value: "value", budget: "budget", ok: null };
    const rows = sections.flatMap((s) => s.rows.map(indent));
    const width = (pick: (r: Row) => string) => Math.max(...[header, ...rows].map((r) => pick(r).length));
    const w = { figure: width((r) => r.figure), value: width((r) => r.value), budget: width((r) => r.budget) };
    const line = (r: Row, ok: string) =>
        `${r.figure.padEnd(w.figure)}  ${r.value.padStart(w.value)}  ${r.budget.padEnd(w.budget)}  ${ok}`.trimEnd();
    const out = [line(header, "ok"), "-".repeat(w.figure + w.value + w.budget + 9)];
    for (const section of sections) {
        out.push(section.title);
        for (const row of section.rows) out.push(line(indent(row), row.ok === null ? "-" : row.ok ? "yes" : "NO"));
    }
    return out.join("\n");
}

export function failures(sections: Section[]): Row[] {
    return sections.flatMap((s) => s.rows).filter((r) => r.ok === false);
}

const thousands = new Intl.NumberFormat("en-US");

/** 12,345 */
export function grouped(n: number): string {
    return thousands.format(n);
}

export function bytes(n: number): string {
    return `${grouped(n)} B`;
}

export function mebibytes(n: number): string {
    return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function ms(n: number, digits = 0): string {
    return `${n.toFixed(digits)} ms`;
}

export function seconds(msValue: number): string {
    return `${(msValue / 1000).toFixed(1)} s`;
}

export function ratio(n: number): string {
    return `${n.toFixed(1)}×`;
}

export function count(n: number): string {
    return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
