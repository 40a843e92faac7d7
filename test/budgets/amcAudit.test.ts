/**
 * amc audit's budgets, as counts and bytes (the time is measured by `npm run bench` only): over 100,000 scripted users,
 * thousands of them with audited updates of other columns (the directory sync's), it sends at most ⌈users ÷ page size⌉ +
 * ⌈audit rows ÷ page size⌉ + 5 requests — a detail request per row would be thousands — and the heap it keeps alive
 * between two pages stays under 8 MiB — where the same audit fetching every user first keeps several times as much,
 * which shows the measure would see a leak.
 */
import { measureAudit, requestBudget } from "../../bench/amcAudit";

jest.setTimeout(60_000);

const LIVE_HEAP_BUDGET = 8 * 1024 * 1024;

it("sends at most one request per page of users and per page of audit rows, plus five", async () => {
    for (const users of [10_000, 100_000]) {
        const figures = await measureAudit("paged", users, { sampleHeap: false });
        expect(figures.auditRows).toBeGreaterThan(5000);
        expect(figures.requests).toBeLessThanOrEqual(requestBudget(users, figures.auditRows));
        expect(figures.findings).toBe(3);
    }
});

it("keeps less than 8 MiB alive between pages of 100,000 users, a fraction of what fetching them all keeps", async () => {
    // Every fifth request: the samples include the last pages, where a leak would show most.
    const paged = await measureAudit("paged", 100_000, { sampleHeap: true, sampleEvery: 5 });
    const all = await measureAudit("allAtOnce", 100_000, { sampleHeap: true, sampleEvery: 5 });
    expect(paged.liveHeapBytes).toBeLessThanOrEqual(LIVE_HEAP_BUDGET);
    expect(all.liveHeapBytes).toBeGreaterThan(3 * (paged.liveHeapBytes ?? 0));
    expect(all.findings).toBe(paged.findings);
});
