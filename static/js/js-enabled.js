// Loaded without defer in <head>: the "js" class must be on <html> before the first paint, so the
// phone menu starts closed instead of flashing open. A file, not an inline script, for the CSP.
document.documentElement.classList.add("js");
