// Does nothing: an extension with a service worker, as Gloss has one.
self.addEventListener('install', () => {});
