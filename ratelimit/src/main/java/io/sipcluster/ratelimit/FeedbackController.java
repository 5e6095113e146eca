package io.sipcluster.ratelimit;

/**
 * The drop rate of FEEDBACK pipes: a PID controller (OpenSIPS's {@code do_update_load}, with its default gains)
 * steering the measured CPU load towards the wanted one. Fed once per timer tick; pure.
 */
public final class FeedbackController {
    private final double kp;
    private final double ki;
    private final double kd;
    private double lastError;
    private double integral;
    private int dropRate;

    public FeedbackController() {
        this(0.5, 0.5, 0);
    }

    public FeedbackController(double kp, double ki, double kd) {
        this.kp = kp;
        this.ki = ki;
        this.kd = kd;
    }

    /**
     * One measurement.
     *
     * @param wantedPercent the pipes' limit: the CPU load wanted, 0-100
     * @param load          the measured load, 0.0-1.0
     * @return the drop rate now, 0-100 percent
     */
    public int update(int wantedPercent, double load) {
        double error = wantedPercent / 100.0 - Math.max(0, Math.min(1, load));
        double derivative = error - lastError;
        // only an overload accumulates: long idle periods must not build a credit that hides the next overload
        if (integral < 0 || error < 0) {
            integral += error;
        }
        double output = kp * error + ki * integral + kd * derivative;
        lastError = error;
        dropRate = (int) Math.max(0, Math.min(100, Math.round(-output * 100)));
        return dropRate;
    }

    public int dropRate() {
        return dropRate;
    }
}
