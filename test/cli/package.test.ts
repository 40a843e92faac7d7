/**
 * amc stands alone: `npm pack` makes a tarball of the bundle alone, which installs into an empty folder with no network
 * and no npm cache (it has no dependencies to fetch), and runs there, far from the repository: `amc --help` needs the
 * control's texts, so it would fail if they were still read from the repository's resx at run time.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../testkit/paths";
import { GUARD } from "../helpers/amcProcess";

jest.setTimeout(120_000);

const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string };

const home = fs.mkdtempSync(path.join(os.tmpdir(), "amc-package-"));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string) {
    const result = spawnSync(command, args, {
        cwd,
        encoding: "utf8",
        env: {
            PATH: process.env.PATH,
            HOME: home,
            npm_config_cache: path.join(home, "npm-cache"),
            NODE_OPTIONS: `--require ${GUARD}`,
        },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

it("npm pack makes a tarball that installs offline into an empty folder and runs amc --help and amc --version there", () => {
    const empty = path.join(home, "empty");
    fs.mkdirSync(empty);

    const pack = run("npm", ["pack", "--json", "--pack-destination", home], REPO_ROOT);
    expect(pack.status).toBe(0);
    const [{ filename, files }] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as {
        filename: string;
        files: { path: string }[];
    }[];
    expect(files.map((file) => file.path).sort()).toEqual([
        "README.md",
        "cli/bin/amc.cjs",
        "out/cli/amc.cjs",
        "package.json",
    ]);

    const install = run("npm", ["install", "--offline", "--no-audit", "--no-fund", path.join(home, filename)], empty);
    expect([install.status, install.stderr]).toEqual([0, ""]);

    const amc = path.join(empty, "node_modules", ".bin", "amc");
    const help = run(amc, ["--help"], empty);
    expect([help.status, help.stderr]).toEqual([0, ""]);
    expect(help.stdout).toMatch(/^Usage: amc \[options\] \[command\]/);
    expect(help.stdout).toContain("Exit codes: 0 done");
    expect(run(amc, ["--version"], empty)).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
});
