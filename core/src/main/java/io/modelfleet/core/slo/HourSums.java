package io.modelfleet.core.slo;

import java.io.Serializable;

/**
 * The sums one pass over a model-hour's events yields, from which every metric and its confidence
 * interval follow. With weight w, clipped prediction p, label y and log loss
 * l = -[y ln p + (1 - y) ln(1 - p)], over the valid, labeled events:
 *
 * <pre>
 * w = Σw    wy = Σwy    wp = Σwp    wl = Σwl
 * ww = Σw²  wwy = Σw²y  wwpp = Σw²p²  wwpy = Σw²py  wwll = Σw²l²  wwly = Σw²ly  wwl = Σw²l
 * </pre>
 *
 * The second-moment sums carry what the delta-method variances need; nothing else is kept.
 *
 * @param rows every row of the hour, valid or not
 * @param invalid rows with a missing, non-finite or out-of-range prediction, a label other than
 *     0, 1 or null, or a non-positive weight
 * @param unlabeled valid rows whose label is not known yet (null)
 * @param events valid, labeled rows: the ones metrics are computed over
 * @param positives events with label 1
 */
public record HourSums(
        long rows,
        long invalid,
        long unlabeled,
        long events,
        long positives,
        double w,
        double wy,
        double wp,
        double wl,
        double ww,
        double wwy,
        double wwpp,
        double wwpy,
        double wwll,
        double wwly,
        double wwl)
        implements Serializable {
    public static final double CLIP = 1e-7;

    public static final HourSums EMPTY = new HourSums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Adds one row; the plain-Java definition the Spark aggregation must agree with. */
    public HourSums add(Double prediction, Integer label, Double weight) {
        double weightValue = weight == null ? 1.0 : weight;
        boolean validPrediction = prediction != null && !prediction.isNaN() && prediction >= 0 && prediction <= 1;
        boolean validLabel = label == null || label == 0 || label == 1;
        boolean validWeight = !Double.isNaN(weightValue) && weightValue > 0 && !Double.isInfinite(weightValue);
        if (!(validPrediction && validLabel && validWeight)) {
            return new HourSums(
                    rows + 1,
                    invalid + 1,
                    unlabeled,
                    events,
                    positives,
                    w,
                    wy,
                    wp,
                    wl,
                    ww,
                    wwy,
                    wwpp,
                    wwpy,
                    wwll,
                    wwly,
                    wwl);
        }
        if (label == null) {
            return new HourSums(
                    rows + 1,
                    invalid,
                    unlabeled + 1,
                    events,
                    positives,
                    w,
                    wy,
                    wp,
                    wl,
                    ww,
                    wwy,
                    wwpp,
                    wwpy,
                    wwll,
                    wwly,
                    wwl);
        }
        double p = prediction;
        double pc = Math.min(Math.max(p, CLIP), 1 - CLIP);
        int y = label;
        double loss = y == 1 ? -Math.log(pc) : -Math.log(1 - pc);
        double ww1 = weightValue * weightValue;
        return new HourSums(
                rows + 1,
                invalid,
                unlabeled,
                events + 1,
                positives + y,
                w + weightValue,
                wy + weightValue * y,
                wp + weightValue * p,
                wl + weightValue * loss,
                ww + ww1,
                wwy + ww1 * y,
                wwpp + ww1 * p * p,
                wwpy + ww1 * p * y,
                wwll + ww1 * loss * loss,
                wwly + ww1 * loss * y,
                wwl + ww1 * loss);
    }

    /** The sums of both parts: merges what separate tasks saw. */
    public HourSums plus(HourSums o) {
        return new HourSums(
                rows + o.rows,
                invalid + o.invalid,
                unlabeled + o.unlabeled,
                events + o.events,
                positives + o.positives,
                w + o.w,
                wy + o.wy,
                wp + o.wp,
                wl + o.wl,
                ww + o.ww,
                wwy + o.wwy,
                wwpp + o.wwpp,
                wwpy + o.wwpy,
                wwll + o.wwll,
                wwly + o.wwly,
                wwl + o.wwl);
    }
}
