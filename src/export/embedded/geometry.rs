//! Cubic Bézier arithmetic for the embedded engine's edges: points along a
//! segment, splitting one, and ending a path where it meets an outline or
//! short of its arrowhead.

use super::backend::{Cubic, Xy};

fn lerp(a: Xy, b: Xy, t: f64) -> Xy {
    Xy::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
}

pub fn distance(a: Xy, b: Xy) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// The point at `t` (0 to 1) of `c`.
pub fn at(c: &Cubic, t: f64) -> Xy {
    let ab = lerp(c[0], c[1], t);
    let bc = lerp(c[1], c[2], t);
    let cd = lerp(c[2], c[3], t);
    lerp(lerp(ab, bc, t), lerp(bc, cd, t), t)
}

/// `c` split at `t`, by de Casteljau.
pub fn split(c: &Cubic, t: f64) -> (Cubic, Cubic) {
    let ab = lerp(c[0], c[1], t);
    let bc = lerp(c[1], c[2], t);
    let cd = lerp(c[2], c[3], t);
    let abc = lerp(ab, bc, t);
    let bcd = lerp(bc, cd, t);
    let mid = lerp(abc, bcd, t);
    ([c[0], ab, abc, mid], [mid, bcd, cd, c[3]])
}

/// `count + 1` points along every segment of `path`.
pub fn samples(path: &[Cubic], count: usize) -> Vec<Xy> {
    path.iter()
        .flat_map(|c| (0..=count).map(move |i| at(c, i as f64 / count as f64)))
        .collect()
}

/// The largest `t` at which `keep(point at t)` still holds, given that it
/// holds at 0: bisection after a coarse scan for the first change.
fn last_kept(c: &Cubic, keep: &dyn Fn(Xy) -> bool) -> f64 {
    const STEPS: usize = 32;
    let mut low = 0.0;
    let mut high = None;
    for i in 1..=STEPS {
        let t = i as f64 / STEPS as f64;
        if keep(at(c, t)) {
            low = t;
        } else {
            high = Some(t);
            break;
        }
    }
    let Some(mut high) = high else {
        return 1.0;
    };
    for _ in 0..20 {
        let mid = (low + high) / 2.0;
        if keep(at(c, mid)) {
            low = mid;
        } else {
            high = mid;
        }
    }
    low
}

/// `c` up to where it first enters the region `inside`, if it starts
/// outside it (layout-rs ends edges on a node's box, not its outline).
pub fn end_at(c: &Cubic, inside: &dyn Fn(Xy) -> bool) -> Cubic {
    if inside(c[0]) {
        return *c;
    }
    let t = last_kept(c, &|p| !inside(p));
    if t >= 1.0 { *c } else { split(c, t).0 }
}

/// `c` from where it last leaves `inside`, if it ends outside it.
pub fn start_at(c: &Cubic, inside: &dyn Fn(Xy) -> bool) -> Cubic {
    let mut reversed = *c;
    reversed.reverse();
    let mut out = end_at(&reversed, inside);
    out.reverse();
    out
}

/// `c` ending `length` short of its end (measured straight), to leave room
/// for an arrowhead; unchanged when it is shorter than that.
pub fn shorten(c: &Cubic, length: f64) -> Cubic {
    let end = c[3];
    if length <= 0.0 || distance(c[0], end) <= length {
        return *c;
    }
    let t = last_kept(c, &|p| distance(p, end) > length);
    split(c, t).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(a: (f64, f64), b: (f64, f64)) -> Cubic {
        let (a, b) = (Xy::new(a.0, a.1), Xy::new(b.0, b.1));
        [a, lerp(a, b, 1.0 / 3.0), lerp(a, b, 2.0 / 3.0), b]
    }

    #[test]
    fn a_path_ends_on_the_outline_and_short_of_its_head() {
        let c = line((0.0, 0.0), (100.0, 0.0));
        let inside = |p: Xy| p.x >= 80.0;
        let cut = end_at(&c, &inside);
        assert!((cut[3].x - 80.0).abs() < 0.01, "{cut:?}");
        let short = shorten(&cut, 10.0);
        assert!((short[3].x - 70.0).abs() < 0.01, "{short:?}");
        let from = start_at(&c, &|p: Xy| p.x <= 20.0);
        assert!((from[0].x - 20.0).abs() < 0.01, "{from:?}");
    }
}
