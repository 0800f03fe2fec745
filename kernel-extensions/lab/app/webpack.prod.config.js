/*
 * Copyright (c) Jupyter Development Team.
 * Distributed under the terms of the Modified BSD License.
 */

const merge = require('webpack-merge').default;
const config = require('./webpack.config');
const WPPlugin = require('@jupyter/builder').WPPlugin;

config[0] = merge(config[0], {
  mode: 'production',
  // no source maps: nobody debugs the harness's JupyterLab bundle, and they cost build time and disk
  devtool: false,
  output: {
    // Add version argument when in production so the Jupyter server
    // allows caching of files (i.e., does not set the CacheControl header to no-cache to prevent caching static files)
    filename: '[name].[contenthash].js?v=[contenthash]'
  },
  optimization: {
    // minified (rspack's SWC minimizer): a third of the JavaScript for the browser to parse and compile on each
    // page load, which is most of the time from /lab to the launcher
    minimize: true
  },
  plugins: [
    new WPPlugin.JSONLicenseWebpackPlugin({
      excludedPackageTest: packageName =>
        packageName === '@jupyterlab/application-top'
    })
  ]
});

module.exports = config;
