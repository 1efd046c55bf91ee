// Package cluster holds segc's clustering numerics: feature preparation
// (transform and scale), k-means with k-means++ initialisation and Lloyd
// iterations, choosing k by silhouette, PCA, DBSCAN, the quality metrics
// (inertia, silhouette, Davies-Bouldin), stable cluster identities across
// retrains (an optimal centroid assignment) and monitoring (population
// stability index, adjusted Rand index).
//
// Everything here is a pure function of its inputs and seeds. Work is split
// into fixed chunks of rows whose partial results are combined in chunk order,
// so results are bit-identical whatever the number of workers.
//
// The numbers are checked against scikit-learn: testdata/sklearn/reference.py
// writes testdata/reference.json and the tests compare with it.
//
// Random streams. Every random choice uses math/rand/v2's PCG seeded with
// (seed, stream): k-means restart r uses stream r (r = 0..NInit-1); the
// silhouette sample uses stream silhouetteStream. Changing these changes
// results, so they are part of the stored-model contract.
package cluster
