// Imported first by the CLIs: the SDK warns on every client that releases after January 2027 will
// need Node 22; the pinned clients run on Node 20, and the warning would bury the scorecard.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
