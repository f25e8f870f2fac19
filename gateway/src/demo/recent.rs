//! A set that remembers at most a fixed number of its newest entries, for the simulators'
//! replay guards: a client sending fresh values in a loop cannot grow it without bound.

use std::collections::{HashSet, VecDeque};

#[derive(Debug)]
pub struct RecentSet {
    capacity: usize,
    members: HashSet<String>,
    /// Insertion order, oldest first, to know which entry to forget.
    order: VecDeque<String>,
}

impl RecentSet {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            members: HashSet::new(),
            order: VecDeque::new(),
        }
    }

    /// Adds `value`; false when it is already there. Forgets the oldest beyond the capacity.
    pub fn insert(&mut self, value: String) -> bool {
        if !self.members.insert(value.clone()) {
            return false;
        }
        self.order.push_back(value);
        while self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.members.remove(&oldest);
            }
        }
        true
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_repeats_and_forgets_the_oldest_beyond_capacity() {
        let mut set = RecentSet::new(2);
        assert!(set.insert("a".into()));
        assert!(!set.insert("a".into()));
        assert!(set.insert("b".into()));
        assert!(set.insert("c".into()));
        assert_eq!(set.len(), 2);
        // "a" was forgotten, so it counts as new again; "c" is still remembered.
        assert!(set.insert("a".into()));
        assert!(!set.insert("c".into()));
    }
}
