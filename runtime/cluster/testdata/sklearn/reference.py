"""Reference numbers from scikit-learn for segc's runtime/cluster tests.

Usage (Debian's Python: apt-get install -y python3-sklearn python3-pandas):
    /usr/bin/python3 reference.py [ONLINE_RETAIL_CSV_GZ]

Writes, next to this script's parent directory (runtime/cluster/testdata/):
    blobs.csv     3-feature blobs, 3000 rows (make_blobs, random_state=7)
    dbscan.csv    2-feature blobs plus uniform noise, 1650 rows
    pca.csv       5 correlated features of rank ~2 plus noise, 500 rows
    rfm.csv       Online Retail recency/frequency/monetary per customer
    reference.json  every number the Go tests compare against
The Go tests only read these committed files; they never run Python.
"""
import json, os, sys
import numpy as np
import pandas as pd
import sklearn
from sklearn.cluster import KMeans, DBSCAN
from sklearn.datasets import make_blobs
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, davies_bouldin_score, silhouette_score
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
RETAIL = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/online_retail/online_retail.csv.gz"


def kmeans_ref(x, k, n_init, seed):
    km = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(x)
    return km, {
        "k": k, "n_init": n_init, "random_state": seed,
        "inertia": float(km.inertia_),
        "sizes": sorted(np.bincount(km.labels_, minlength=k).tolist()),
        "labels": km.labels_.tolist(),
    }


def landscape(x, k, n_init, seeds):
    """The RFM k-means landscape is flat: near-equal local optima whose sizes
    differ by a few percent, so one random_state's sizes are not a stable
    target. Record the best optimum scikit-learn reaches over many seeds and
    the spread of its sorted sizes."""
    runs = []
    for seed in seeds:
        km = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(x)
        runs.append((float(km.inertia_), sorted(np.bincount(km.labels_, minlength=k).tolist()), seed))
    best = min(runs)
    sizes = np.array([r[1] for r in runs])
    return {
        "seeds": len(runs), "n_init": n_init,
        "best_inertia": best[0], "best_sizes": best[1], "best_random_state": best[2],
        "worst_inertia": max(runs)[0],
        "sizes_min": sizes.min(axis=0).tolist(), "sizes_max": sizes.max(axis=0).tolist(),
    }


def metrics_ref(x, labels):
    return {
        "labels": [int(v) for v in labels],
        "silhouette": float(silhouette_score(x, labels)),
        "davies_bouldin": float(davies_bouldin_score(x, labels)),
    }


def pca_ref(x, kept):
    p = PCA(n_components=kept).fit(x)
    return {
        "variance_kept": kept,
        "n_components": int(p.n_components_),
        "explained_variance_ratio": p.explained_variance_ratio_.tolist(),
        "components": p.components_.tolist(),
        "mean": p.mean_.tolist(),
        "transformed_head": p.transform(x)[:20].tolist(),
    }


def blobs(ref):
    x, _ = make_blobs(n_samples=3000, centers=4, n_features=3, cluster_std=[1.0, 1.5, 0.7, 2.0], random_state=7)
    pd.DataFrame(x, columns=["x1", "x2", "x3"]).to_csv(os.path.join(OUT, "blobs.csv"), index=False, float_format="%.17g")
    km4, ref["blobs_kmeans"] = kmeans_ref(x, 4, 10, 0)
    km5, ref["blobs_kmeans5"] = kmeans_ref(x, 5, 10, 0)
    ref["blobs_metrics"] = metrics_ref(x, km4.labels_)
    # An uneven labeling with a singleton cluster: silhouette treats it as 0.
    odd = km5.labels_.copy()
    odd[0] = 5
    ref["blobs_metrics_odd"] = metrics_ref(x, odd)
    ref["blobs_ari_k4_k5"] = float(adjusted_rand_score(km4.labels_, km5.labels_))
    ref["blobs_ari_odd_k4"] = float(adjusted_rand_score(odd, km4.labels_))
    ref["blobs_pca"] = pca_ref(x, 0.95)


def pca_lowrank(ref):
    rs = np.random.RandomState(5)
    latent = rs.normal(size=(500, 2)) * [3.0, 1.5]
    mix = rs.normal(size=(2, 5))
    x = latent @ mix + rs.normal(scale=0.3, size=(500, 5)) + [1, -2, 0, 5, 3]
    pd.DataFrame(x, columns=[f"x{i}" for i in range(1, 6)]).to_csv(os.path.join(OUT, "pca.csv"), index=False, float_format="%.17g")
    ref["lowrank_pca"] = pca_ref(x, 0.95)
    ref["lowrank_pca_99"] = pca_ref(x, 0.99)


def dbscan(ref):
    x, _ = make_blobs(n_samples=1500, centers=[[0, 0], [4, 4], [-4, 3]], cluster_std=[0.6, 0.9, 0.4], random_state=11)
    noise = np.random.RandomState(12).uniform(-8, 8, size=(150, 2))
    x = np.vstack([x, noise])
    pd.DataFrame(x, columns=["x1", "x2"]).to_csv(os.path.join(OUT, "dbscan.csv"), index=False, float_format="%.17g")
    runs = []
    for eps, min_samples in [(0.3, 5), (0.5, 10), (0.2, 3)]:
        db = DBSCAN(eps=eps, min_samples=min_samples).fit(x)
        runs.append({
            "eps": eps, "min_points": min_samples,
            "core": db.core_sample_indices_.tolist(),
            "noise": np.where(db.labels_ == -1)[0].tolist(),
            "labels": db.labels_.tolist(),
        })
    ref["dbscan"] = runs


def rfm_table():
    df = pd.read_csv(RETAIL, dtype={"InvoiceNo": str, "StockCode": str}, parse_dates=["InvoiceDate"])
    df = df.dropna(subset=["CustomerID"])
    df = df[~df.InvoiceNo.str.startswith("C")]
    df = df[(df.Quantity > 0) & (df.UnitPrice > 0)]
    ref_date = df.InvoiceDate.max() + pd.Timedelta(days=1)
    df = df.assign(Amount=df.Quantity * df.UnitPrice)
    g = df.groupby("CustomerID")
    rfm = pd.DataFrame({
        "recency": (ref_date - g.InvoiceDate.max()).dt.days,
        "frequency": g.InvoiceNo.nunique(),
        "monetary": g.Amount.sum(),
    })
    rfm.index = rfm.index.astype(int)
    rfm.index.name = "customer_id"
    return rfm, ref_date


def rfm(ref):
    table, ref_date = rfm_table()
    table.to_csv(os.path.join(OUT, "rfm.csv"), float_format="%.17g")
    x = np.log1p(table[["recency", "frequency", "monetary"]].values.astype(float))
    sc = StandardScaler().fit(x)
    z = sc.transform(x)
    km, ref["rfm_kmeans"] = kmeans_ref(z, 4, 10, 42)
    ref["rfm_kmeans_landscape"] = landscape(z, 4, 10, range(30))
    ref["rfm_reference_date"] = str(ref_date)
    ref["rfm_rows"] = int(len(table))
    ref["rfm_scaler"] = {"mean": sc.mean_.tolist(), "scale": sc.scale_.tolist()}
    ref["rfm_metrics"] = metrics_ref(z, km.labels_)
    ref["rfm_pca"] = pca_ref(z, 0.95)


def main():
    ref = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__}
    blobs(ref)
    pca_lowrank(ref)
    dbscan(ref)
    rfm(ref)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
