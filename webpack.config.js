// pcf-scripts merges this into its own webpack configuration (featureconfig.json turns the merge on; pcf-scripts reads
// both from the project folder). Its configuration writes each module's path as a `/*!` comment, which terser keeps out
// of bundle.js only by moving it to bundle.js.LICENSE.txt and leaving a 64-byte banner in its place: no paths, no banner.
module.exports = { output: { pathinfo: false } };
