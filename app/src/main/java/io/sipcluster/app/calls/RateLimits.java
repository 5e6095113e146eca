package io.sipcluster.app.calls;

import io.sipcluster.provisioning.config.CallsConfig;
import io.sipcluster.proxy.CallHooks;
import io.sipcluster.proxy.Hop;
import io.sipcluster.ratelimit.Algorithm;
import io.sipcluster.ratelimit.Pipes;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import java.util.List;

/**
 * The calls-per-second pipes every initial INVITE passes before the dialog's own checks (OpenSIPS scripts call
 * {@code rl_check} first): a request over a pipe's limit is refused with the pipe's status (503), and never makes a
 * dialog. Everything else goes to the next hooks unchanged.
 */
final class RateLimits implements CallHooks {
    private record Gate(String name, Algorithm algorithm, int limit, int status) {}

    private final Pipes pipes;
    private final List<Gate> gates;
    private final CallHooks next;

    RateLimits(Pipes pipes, List<CallsConfig.Pipe> configured, CallHooks next) {
        this.pipes = pipes;
        this.gates = configured.stream().map(p -> new Gate(p.name(), Algorithm.parse(p.algorithm()), p.limit(),
                p.status())).toList();
        for (CallsConfig.Pipe p : configured) {
            pipes.declare(p.name(), Algorithm.parse(p.algorithm()), p.limit(), p.interval().toMillis());
        }
        this.next = next;
    }

    @Override
    public Refusal admit(SipRequest invite, Hop from, long now) {
        for (Gate g : gates) {
            if (!pipes.check(g.name(), g.algorithm(), g.limit(), now)) {
                return new Refusal(g.status(), "Rate Limit Exceeded (" + g.name() + ")");
            }
        }
        return next.admit(invite, from, now);
    }

    @Override
    public void answered(SipRequest invite, int status, SipResponse response, long now) {
        next.answered(invite, status, response, now);
    }

    @Override
    public InDialog inDialog(SipRequest request, Hop from, long now) {
        return next.inDialog(request, from, now);
    }
}
