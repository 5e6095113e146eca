/**
 * The OpenSIPS {@code clusterer} module's MI commands over a sipcluster engine, with OpenSIPS's names, parameters,
 * result shapes and error texts ({@code modules/clusterer/clusterer_mod.c}, {@code sharing_tags.c}). Every read and
 * action runs on the engine's loop thread through {@code EngineLoop.call}.
 */
package io.sipcluster.mgmt.clusterer;
