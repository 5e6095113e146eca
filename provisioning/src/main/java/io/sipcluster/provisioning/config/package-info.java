/**
 * The YAML node file: {@link io.sipcluster.provisioning.config.NodeConfigLoader} reads it into immutable records
 * ({@link io.sipcluster.provisioning.config.NodeConfig} and the records it holds), reporting every problem at once
 * with its path and line ({@link io.sipcluster.provisioning.config.InvalidConfigException}).
 *
 * <p>The reading is done by hand over a located YAML tree, not by Jackson data binding, because binding stops at
 * the first error and loses line numbers. Depends on {@code core} config records and Jackson's YAML parser.
 */
package io.sipcluster.provisioning.config;
