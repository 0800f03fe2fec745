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
    // minified (rspack's SWC minimizer): a third of the JavaScript to load (5.2 MB instead of 14.5 MB), which
    // matters over a real network; on 127.0.0.1 it did not measurably shorten the page load (docs/benchmarks.md)
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
