//! Machine-wide unique state names: the name asked for, or it with the first free suffix
//! (`Choice`, `Choice2`, `Choice3`, …), in time linear in the number of states.

use std::collections::{HashMap, HashSet};

/// Longest base name kept (AWS allows 80 characters; the rest is room for a suffix).
const MAX_BASE_CHARS: usize = 76;

#[derive(Debug, Default)]
pub(crate) struct StateNames {
    taken: HashSet<String>,
    /// Per base name, the suffix to try first: every smaller one is taken. Cleared when a
    /// name is released, as the freed name may be a smaller suffix of any base.
    next_suffix: HashMap<String, usize>,
}

impl StateNames {
    /// Claims `wanted` (cut to 76 characters), or the first free `wanted2`, `wanted3`, ….
    pub(crate) fn claim(&mut self, wanted: &str) -> String {
        let base: String = wanted.chars().take(MAX_BASE_CHARS).collect();
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(2);
        loop {
            let name = format!("{base}{n}");
            n += 1;
            if self.taken.insert(name.clone()) {
                self.next_suffix.insert(base, n);
                return name;
            }
        }
    }

    /// Frees a name (a state removed after emission).
    pub(crate) fn release(&mut self, name: &str) {
        self.taken.remove(name);
        self.next_suffix.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_count_up_and_reuse_released_names() {
        let mut names = StateNames::default();
        assert_eq!(names.claim("Choice"), "Choice");
        assert_eq!(names.claim("Choice2"), "Choice2");
        assert_eq!(names.claim("Choice"), "Choice3");
        assert_eq!(names.claim("Choice"), "Choice4");
        names.release("Choice3");
        assert_eq!(names.claim("Choice"), "Choice3");
        assert_eq!(names.claim("Choice"), "Choice5");
        let long = "x".repeat(90);
        assert_eq!(names.claim(&long), "x".repeat(76));
        assert_eq!(names.claim(&long), format!("{}2", "x".repeat(76)));
    }
}
