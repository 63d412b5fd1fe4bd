//! Answers for requests no route took: 405 with `Allow` when the path exists under other
//! methods (learned from the OpenAPI document, the one list of routes), else 404.

use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

/// Every documented path template with its methods.
#[derive(Debug, Clone, Default)]
pub struct RouteTable(Vec<(Vec<String>, Vec<String>)>);

impl RouteTable {
    /// Reads the paths and methods of an OpenAPI document.
    pub fn from_openapi(doc: &OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path.trim_matches('/').split('/').map(str::to_owned).collect();
                let value = serde_json::to_value(item).unwrap_or_default();
                let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
                    .iter()
                    .filter(|m| value.get(**m).is_some())
                    .map(|m| m.to_uppercase())
                    .collect();
                (segments, methods)
            })
            .collect();
        RouteTable(routes)
    }

    /// The methods a concrete path accepts, if any template matches it.
    pub fn methods_for(&self, path: &str) -> Option<Vec<String>> {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.0
            .iter()
            .find(|(template, _)| {
                template.len() == segments.len()
                    && template.iter().zip(&segments).all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s)
            })
            .map(|(_, methods)| methods.clone())
    }
}

/// The default service: 405 or 404 as problem details.
pub async fn not_matched(req: HttpRequest, routes: web::Data<RouteTable>) -> Result<HttpResponse, ApiError> {
    Err(match routes.methods_for(req.path()) {
        Some(allowed) if !allowed.iter().any(|m| m == req.method().as_str()) => ApiError::MethodNotAllowed { allowed },
        _ => ApiError::NotFound(format!("no route for {} {}", req.method(), req.path())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates_segment_by_segment() {
        let table = RouteTable(vec![(
            vec!["api".into(), "v1".into(), "institutions".into(), "{id}".into()],
            vec!["GET".into(), "PATCH".into()],
        )]);
        assert_eq!(table.methods_for("/api/v1/institutions/abc"), Some(vec!["GET".into(), "PATCH".into()]));
        assert_eq!(table.methods_for("/api/v1/institutions"), None);
        assert_eq!(table.methods_for("/api/v1/institutions/abc/units"), None);
    }
}
