/** Pipelines of notebook steps: from cell tags to steps, to Kubeflow Pipelines v2 IR, run locally or on Kubeflow. */
package io.jfairing.fairing.pipeline;
