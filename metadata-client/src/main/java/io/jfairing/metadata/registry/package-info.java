/** The model registry: registered models, versions, aliases, and model references ({@code models:/wine@champion}). */
package io.jfairing.metadata.registry;
