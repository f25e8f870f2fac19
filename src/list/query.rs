//! List state in the URL query: filters under their wire names plus the page and page size, so
//! a filtered page is a link a person can share and the browser's back/forward walk through it.
//! Reading and writing go through leptos_router (`use_query_map`, `ParamsMap`, `use_navigate`).

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::location::Url;
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;
use std::sync::Arc;
use vendors::validate::Problems;
use vendors::{tr, Problem};

/// The page sizes offered; a back-end offers those up to its own maximum.
pub const PAGE_SIZES: [u64; 7] = [10, 20, 50, 100, 500, 1000, 10_000];

/// A back-end's filter set as it lives in the URL query. Values stay raw text, so a bad value
/// from a shared link is shown at its field instead of being silently dropped.
pub trait QueryFilters: Clone + PartialEq + Send + Sync + 'static {
    /// Reads the filters; absent keys mean "no filter".
    fn from_query(query: &ParamsMap) -> Self;
    /// Writes every set filter under its wire name.
    fn write_query(&self, query: &mut ParamsMap);
}

/// Puts `value` under `key` unless it is blank. `ParamsMap::insert` unescapes what it is given,
/// so the value is escaped first and survives verbatim (a literal `%20` stays `%20`).
pub fn put_text(query: &mut ParamsMap, key: &'static str, value: &str) {
    let value = value.trim();
    if !value.is_empty() {
        query.insert(key, Url::escape(value));
    }
}

/// Every value of a repeated key (`sns=a&sns=b`), blanks dropped.
pub fn all_texts(query: &ParamsMap, key: &str) -> Vec<String> {
    query
        .get_all(key)
        .unwrap_or_default()
        .into_iter()
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
        .collect()
}

/// One trimmed value, empty when absent.
pub fn text(query: &ParamsMap, key: &str) -> String {
    query.get_str(key).unwrap_or_default().trim().to_string()
}

/// Trimmed text, or `None` when blank: an unset filter is left out of the call.
pub fn non_empty(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|text| !text.is_empty())
}

/// The items, or `None` when there are none.
pub fn non_empty_list(items: &[String]) -> Option<Vec<String>> {
    Some(items.to_vec()).filter(|items| !items.is_empty())
}

/// How a back-end names and bounds its paging; the URL uses the same names as the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagingSpec {
    pub page_key: &'static str,
    pub page_size_key: &'static str,
    pub default_page_size: u64,
    pub max_page_size: u64,
}

impl PagingSpec {
    /// The choices of the page-size select.
    pub fn page_sizes(&self) -> Vec<u64> {
        PAGE_SIZES
            .into_iter()
            .filter(|size| *size <= self.max_page_size)
            .collect()
    }

    /// The page the query asks for; problems are named by the paging keys.
    pub fn read(&self, query: &ParamsMap) -> Result<PageRequest, Vec<Problem>> {
        self.parse(
            query.get_str(self.page_key),
            query.get_str(self.page_size_key),
        )
    }

    /// The page of a query that holds nothing but paging, for a call sent before the page's
    /// own checks have loaded; `None` when it names any filter (the page checks those).
    pub fn read_plain(&self, query: &ParamsMap) -> Option<PageRequest> {
        let paging_only = query
            .latest_values()
            .all(|(key, _)| key == self.page_key || key == self.page_size_key);
        paging_only.then(|| self.read(query).ok()).flatten()
    }

    /// The page for the raw texts of the page and page-size keys; absent or blank means the
    /// first page and the default size.
    pub fn parse(
        &self,
        page: Option<&str>,
        page_size: Option<&str>,
    ) -> Result<PageRequest, Vec<Problem>> {
        let mut problems = Problems::new();
        let mut number = |key: &str, label: &str, text: Option<&str>, default: u64, max| match text
            .map(str::trim)
            .filter(|text| !text.is_empty())
        {
            None => Some(default),
            Some(text) => problems
                .integer(key, label, text, Some(1), max)
                .and_then(|number| u64::try_from(number).ok()),
        };
        let page = number(self.page_key, &tr!("Page", "页码"), page, 1, None);
        let max_size = Some(saturating(self.max_page_size));
        let size_key = self.page_size_key;
        let page_size = number(
            size_key,
            &tr!("Page size", "每页条数"),
            page_size,
            self.default_page_size,
            max_size,
        );
        match (page, page_size) {
            (Some(page), Some(page_size)) => problems.finish(PageRequest { page, page_size }),
            _ => Err(problems.into_vec()),
        }
    }
}

fn saturating(number: u64) -> i64 {
    i64::try_from(number).unwrap_or(i64::MAX)
}

/// The page the URL asks for; `page` counts from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub page_size: u64,
}

/// Adds `more` to `problems`, skipping paths that already have one, so two layers checking the
/// same field do not show the same complaint twice.
pub fn merge_problems(problems: &mut Vec<Problem>, more: impl IntoIterator<Item = Problem>) {
    for problem in more {
        if !problems.iter().any(|known| known.path == problem.path) {
            problems.push(problem);
        }
    }
}

/// The call input for the URL's filters and page, or every problem with them: those of the
/// paging and those `validate` finds in the input built without the bad paging, so one bad
/// value never hides another.
pub fn checked_request<Q>(
    paging: Result<PageRequest, Vec<Problem>>,
    build: impl FnOnce(Option<PageRequest>) -> Q,
    validate: impl FnOnce(&Q) -> Result<(), Vec<Problem>>,
) -> Result<Q, Vec<Problem>> {
    let (paging, mut problems) = match paging {
        Ok(paging) => (Some(paging), Vec::new()),
        Err(problems) => (None, problems),
    };
    let request = build(paging);
    if let Err(found) = validate(&request) {
        merge_problems(&mut problems, found);
    }
    if problems.is_empty() {
        Ok(request)
    } else {
        Err(problems)
    }
}

/// What is wrong with the request built from the URL (nothing while it is valid), for the
/// filter form's field errors.
pub fn request_problems<Q>(request: Memo<Result<Q, Vec<Problem>>>) -> Signal<Vec<Problem>>
where
    Q: Send + Sync + 'static,
{
    Signal::derive(move || request.with(|r| r.as_ref().err().cloned().unwrap_or_default()))
}

type Navigate = Arc<dyn Fn(&str) + Send + Sync>;

/// The current route's query, changed by navigating to the same path with a new query (one
/// history entry per change, so back/forward walk through the states).
#[derive(Clone, Copy)]
pub struct UrlQuery {
    query: Memo<ParamsMap>,
    path: Memo<String>,
    navigate: StoredValue<Navigate>,
}

impl UrlQuery {
    /// Call inside a `<Router>`.
    pub fn current() -> Self {
        let navigate = use_navigate();
        // The hrefs are the location's own path (the app's folder included) with a new query:
        // the router must not put its base before them again.
        let options = || NavigateOptions {
            resolve: false,
            ..NavigateOptions::default()
        };
        let navigate: Navigate = Arc::new(move |href: &str| navigate(href, options()));
        UrlQuery {
            query: use_query_map(),
            path: use_location().pathname,
            navigate: StoredValue::new(navigate),
        }
    }

    pub fn with<T>(&self, read: impl FnOnce(&ParamsMap) -> T) -> T {
        self.query.with(read)
    }

    pub fn get_untracked(&self) -> ParamsMap {
        self.query.get_untracked()
    }

    pub fn go(&self, query: &ParamsMap) {
        let href = format!("{}{}", self.path.get_untracked(), query.to_query_string());
        self.navigate.with_value(|navigate| navigate(&href));
    }

    /// The link to this page with `query`; tracks the path.
    pub fn href(&self, query: &ParamsMap) -> String {
        format!("{}{}", self.path.get(), query.to_query_string())
    }
}

/// The page and page size in the URL, and the moves a pager makes.
#[derive(Clone, Copy)]
pub struct PagingUrl {
    pub spec: PagingSpec,
    /// The page asked for, or what is wrong with the URL's paging values.
    pub request: Memo<Result<PageRequest, Vec<Problem>>>,
    url: UrlQuery,
}

impl PagingUrl {
    pub fn new(url: UrlQuery, spec: PagingSpec) -> Self {
        PagingUrl {
            spec,
            request: Memo::new(move |_| url.with(|query| spec.read(query))),
            url,
        }
    }

    pub fn go_to_page(&self, page: u64) {
        self.go_to_page_text(&page.to_string());
    }

    /// Puts what a person typed into the URL as is; reading it back reports a bad value at the
    /// field, and nothing is sent.
    pub fn go_to_page_text(&self, page: &str) {
        let mut next = self.url.get_untracked();
        next.remove(self.spec.page_key);
        put_text(&mut next, self.spec.page_key, page);
        self.url.go(&next);
    }

    /// A new page size starts again at page 1.
    pub fn set_page_size(&self, page_size: u64) {
        let mut next = self.url.get_untracked();
        next.remove(self.spec.page_key);
        next.replace(self.spec.page_size_key, page_size.to_string());
        self.url.go(&next);
    }

    /// The raw text of a paging key, for a control that must show even a rejected value.
    pub fn text(&self, key: &str) -> Option<String> {
        self.url.with(|query| query.get(key))
    }
}

/// A list's whole state in the URL: the back-end's filters and the paging.
pub struct ListUrl<F: QueryFilters> {
    pub filters: Memo<F>,
    pub paging: PagingUrl,
    url: UrlQuery,
}

impl<F: QueryFilters> Clone for ListUrl<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: QueryFilters> Copy for ListUrl<F> {}

/// The list state of the current route. Call inside a `<Router>`.
pub fn use_list_url<F: QueryFilters>(spec: PagingSpec) -> ListUrl<F> {
    let url = UrlQuery::current();
    ListUrl {
        filters: Memo::new(move |_| url.with(F::from_query)),
        paging: PagingUrl::new(url, spec),
        url,
    }
}

impl<F: QueryFilters> ListUrl<F> {
    /// New filters start again at page 1 and keep the page size.
    pub fn set_filters(&self, filters: &F) {
        let size = self.url.get_untracked().get(self.paging.spec.page_size_key);
        self.url.go(&self.query_for(filters, size));
    }

    /// The link to the current filters changed by `change`, at page 1 with the same page size
    /// (a tab's target, say). Tracks the URL, so the link follows it.
    pub fn href_with(&self, change: impl FnOnce(&mut F)) -> String {
        let mut filters = self.filters.get();
        change(&mut filters);
        let size = self
            .url
            .with(|query| query.get(self.paging.spec.page_size_key));
        self.url.href(&self.query_for(&filters, size))
    }

    fn query_for(&self, filters: &F, page_size: Option<String>) -> ParamsMap {
        let mut query = ParamsMap::new();
        filters.write_query(&mut query);
        if let Some(size) = page_size {
            put_text(&mut query, self.paging.spec.page_size_key, &size);
        }
        query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: PagingSpec = PagingSpec {
        page_key: "page",
        page_size_key: "page_size",
        default_page_size: 10,
        max_page_size: 10_000,
    };

    #[test]
    fn absent_paging_means_the_first_page_at_the_default_size() {
        let request = SPEC.parse(None, Some(" ")).unwrap();
        assert_eq!(
            request,
            PageRequest {
                page: 1,
                page_size: 10
            }
        );
    }

    #[test]
    fn bad_paging_is_named_by_its_key() {
        let problems = SPEC.parse(Some("0"), Some("20000")).unwrap_err();
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["page", "page_size"]);
        let problems = SPEC.parse(Some("two"), None).unwrap_err();
        assert!(problems[0].message.contains("whole number"), "{problems:?}");
    }

    #[test]
    fn sizes_offered_stop_at_the_maximum() {
        let small = PagingSpec {
            max_page_size: 100,
            ..SPEC
        };
        assert_eq!(small.page_sizes(), [10, 20, 50, 100]);
        assert_eq!(SPEC.page_sizes().last(), Some(&10_000));
    }

    #[test]
    fn merging_skips_fields_already_named() {
        let mut problems = vec![Problem::new("page", "first")];
        merge_problems(
            &mut problems,
            [Problem::new("page", "again"), Problem::new("creator", "x")],
        );
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages, ["first", "x"]);
    }
}
