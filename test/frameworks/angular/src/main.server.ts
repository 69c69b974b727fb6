// Prerendering at build time (angular.json "outputMode": "static"): the page's HTML is rendered
// in Node, then hydrated in the browser.
import { bootstrapApplication, type BootstrapContext } from '@angular/platform-browser';
import { App } from './app/app';
import { serverConfig } from './app/app.config.server';

export default (context: BootstrapContext) => bootstrapApplication(App, serverConfig, context);
