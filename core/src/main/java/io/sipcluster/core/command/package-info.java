/**
 * Management commands run on other nodes, with the result sent back: the values the engine's command API speaks
 * ({@link io.sipcluster.core.command.CommandSubmission}, {@link io.sipcluster.core.command.CommandOutcome}) and the
 * bookkeeping behind it (request ids, the bounded table of requests awaiting an answer). Pure and a leaf: it
 * depends on nothing else in the project; {@code io.sipcluster.core} drives it and does the sending.
 */
package io.sipcluster.core.command;
