//! The dependency graph every lockfile format is read into, and the walk that
//! finds how each package is reached.

use std::collections::VecDeque;

/// One resolved package of a lockfile.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Package or crate name.
    pub name: String,
    /// Byte offset of the package's entry in the lockfile (its key or header).
    pub offset: usize,
    /// Resolved dependencies (node indices).
    pub deps: Vec<usize>,
}

/// A lockfile as a graph, with the app's direct dependencies as entry points.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    /// Direct dependencies of the app (or its workspace members): node index and
    /// whether it is a development dependency.
    pub roots: Vec<(usize, bool)>,
    /// Names the app declares itself; their packages are reported by the manifest
    /// scanner (package.json, Cargo.toml), not again here.
    pub direct_names: Vec<String>,
}

/// How a package is reached: the chain of names from a direct dependency to
/// it, and whether only development dependencies lead there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub node: usize,
    pub chain: Vec<String>,
    pub dev_only: bool,
}

impl Graph {
    /// Every node reachable from the roots, with a shortest chain. Production
    /// roots are walked first, so a package reachable both ways is production
    /// and its chain is the production one. The dependencies of packages
    /// `opaque` names are not walked: what comes in only through them is not
    /// reached, though such a package itself is.
    pub fn reach_except(&self, opaque: impl Fn(&str) -> bool) -> Vec<Reach> {
        let mut parent: Vec<Option<Option<usize>>> = vec![None; self.nodes.len()];
        let mut dev_only = vec![false; self.nodes.len()];
        for dev in [false, true] {
            let mut queue = VecDeque::new();
            for &(root, is_dev) in &self.roots {
                if is_dev == dev && root < self.nodes.len() && parent[root].is_none() {
                    parent[root] = Some(None);
                    dev_only[root] = dev;
                    queue.push_back(root);
                }
            }
            while let Some(at) = queue.pop_front() {
                if opaque(&self.nodes[at].name) {
                    continue;
                }
                for &next in &self.nodes[at].deps {
                    if next < self.nodes.len() && parent[next].is_none() {
                        parent[next] = Some(Some(at));
                        dev_only[next] = dev;
                        queue.push_back(next);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for node in 0..self.nodes.len() {
            let Some(mut up) = parent[node] else {
                continue;
            };
            let mut chain = vec![self.nodes[node].name.clone()];
            while let Some(p) = up {
                chain.push(self.nodes[p].name.clone());
                up = parent[p].flatten();
            }
            chain.reverse();
            out.push(Reach {
                node,
                chain,
                dev_only: dev_only[node],
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, deps: &[usize]) -> Node {
        Node {
            name: name.into(),
            offset: 0,
            deps: deps.to_vec(),
        }
    }

    #[test]
    fn production_wins_over_development_and_chains_are_shortest() {
        let graph = Graph {
            nodes: vec![
                node("logger", &[1]),  // 0, prod root
                node("sdk", &[2]),     // 1
                node("core", &[]),     // 2
                node("jest", &[3, 2]), // 3, dev root; cycle back to itself
                node("orphan", &[]),   // 4
            ],
            roots: vec![(3, true), (0, false)],
            direct_names: vec![],
        };
        let reach = graph.reach_except(|_| false);
        let find = |n: usize| reach.iter().find(|r| r.node == n).cloned();
        assert_eq!(
            find(2).unwrap().chain,
            vec!["logger".to_string(), "sdk".into(), "core".into()]
        );
        assert!(!find(2).unwrap().dev_only);
        assert!(find(3).unwrap().dev_only);
        assert!(find(4).is_none());
    }

    #[test]
    fn opaque_packages_are_reached_but_not_walked_through() {
        let graph = Graph {
            nodes: vec![
                node("@forge/api", &[1]), // 0, prod root
                node("@sentry/node", &[2]),
                node("@sentry/core", &[]),
                node("logger", &[4]), // 3, prod root
                node("@sentry/types", &[]),
            ],
            roots: vec![(0, false), (3, false)],
            direct_names: vec![],
        };
        // Sentry under `@forge/api` is not reached; under `logger` it is.
        let opaque = |name: &str| name.starts_with("@forge/");
        let reached: Vec<usize> = graph.reach_except(opaque).iter().map(|r| r.node).collect();
        assert_eq!(reached, vec![0, 3, 4]);
        let all: Vec<usize> = graph
            .reach_except(|_| false)
            .iter()
            .map(|r| r.node)
            .collect();
        assert_eq!(all, vec![0, 1, 2, 3, 4]);
    }
}
