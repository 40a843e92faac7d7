/** Whether the tests run on CI: `CI` set to anything but empty or "false", as CI services set it. */
export function onCi(env: NodeJS.ProcessEnv = process.env): boolean {
    return env.CI !== undefined && env.CI !== "" && env.CI !== "false";
}
